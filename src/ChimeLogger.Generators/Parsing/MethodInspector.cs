using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Emission;
using ChimeLogger.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ChimeLogger.Generators.Parsing;

/// <summary>
/// The instrumentation rules (docs/diagnostics), in one place: the analyzer reports what this finds, and the generator writes
/// nothing for a method on which it found an error. Both therefore always agree.
/// </summary>
internal static class MethodInspector
{
    /// <summary>
    /// Inspects <paramref name="method"/>. Returns <see langword="null"/> when it carries none of the span
    /// attributes; otherwise what was found, reporting each problem to <paramref name="report"/> (when given).
    /// </summary>
    public static MethodInspection? Inspect(IMethodSymbol method, KnownSymbols known, Action<Diagnostic>? report, CancellationToken cancellationToken)
    {
        List<(SpanKind Kind, AttributeData Data)> spans = new();
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (KnownSymbols.Is(attribute.AttributeClass, known.OperateAttribute))
            {
                spans.Add((SpanKind.Operate, attribute));
            }
            else if (KnownSymbols.Is(attribute.AttributeClass, known.CreateAttribute))
            {
                spans.Add((SpanKind.Create, attribute));
            }
            else if (KnownSymbols.Is(attribute.AttributeClass, known.ChildSpanAttribute))
            {
                spans.Add((SpanKind.Child, attribute));
            }
        }

        if (spans.Count == 0)
        {
            return null;
        }

        MethodInspection inspection = new(method, spans[0].Kind, spans[0].Data);
        void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] args)
        {
            if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
            {
                inspection.HasErrors = true;
            }

            report?.Invoke(Diagnostic.Create(descriptor, location ?? MethodLocation(method), args));
        }

        string attributeName = AttributeName(inspection.Kind);
        if (spans.Count > 1)
        {
            string list = string.Join(" and ", spans.Select(s => "[" + AttributeName(s.Kind) + "]"));
            Report(DiagnosticDescriptors.ConflictingSpanAttributes, MethodLocation(method), method.Name, list);
        }

        if (!IsPartialDefinitionToGenerate(method))
        {
            Report(DiagnosticDescriptors.MethodNotPartial, MethodLocation(method), method.Name, attributeName);
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!IsPartial(type, cancellationToken))
            {
                Report(DiagnosticDescriptors.TypeNotPartial, MethodLocation(method), type.Name, method.Name);
            }
        }

        InspectSpanAttribute(inspection, attributeName, Report, cancellationToken);
        InspectParameters(inspection, known, Report, cancellationToken);
        InspectReturnType(inspection, known, Report);
        InspectCore(inspection, known, Report);
        return inspection;
    }

    /// <summary>The generated file names end with this; a partial implementation in such a file is ours.</summary>
    public static bool IsGeneratedImplementation(IMethodSymbol implementation) =>
        implementation.Locations.Length > 0
        && implementation.Locations.All(static l => l.SourceTree?.FilePath.EndsWith(InstrumentationEmitter.HintNameSuffix, StringComparison.Ordinal) == true);

    private static bool IsPartialDefinitionToGenerate(IMethodSymbol method) =>
        method.IsPartialDefinition
        && (method.PartialImplementationPart is null || IsGeneratedImplementation(method.PartialImplementationPart));

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return true;
    }

    private static void InspectSpanAttribute(MethodInspection inspection, string attributeName, ReportAction report, CancellationToken cancellationToken)
    {
        AttributeData attribute = inspection.SpanAttribute;
        IMethodSymbol method = inspection.Method;
        AttributeSyntax? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error)
        {
            // The compiler reports the malformed attribute itself.
            inspection.HasErrors = true;
            return;
        }

        string? name = attribute.ConstructorArguments[0].Value as string;
        if (string.IsNullOrWhiteSpace(name))
        {
            string what = inspection.Kind switch
            {
                SpanKind.Operate => "operation",
                SpanKind.Create => "stage",
                _ => "span",
            };
            report(DiagnosticDescriptors.EmptySpanName, ArgumentLocation(syntax, 0) ?? syntax?.GetLocation(), what, attributeName, method.Name);
        }

        inspection.SpanName = name;
        if (inspection.Kind == SpanKind.Child)
        {
            return;
        }

        TypedConstant? resourceType = null;
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "ResourceType")
            {
                resourceType = named.Value;
            }
        }

        string? resourceTypeValue = resourceType?.Value as string;
        if (string.IsNullOrWhiteSpace(resourceTypeValue))
        {
            Location? location = syntax?.ArgumentList?.Arguments
                .FirstOrDefault(static a => a.NameEquals?.Name.Identifier.ValueText == "ResourceType")?.Expression.GetLocation()
                ?? syntax?.GetLocation();
            report(DiagnosticDescriptors.MissingResourceType, location, attributeName, method.Name);
        }

        inspection.ResourceType = string.IsNullOrWhiteSpace(resourceTypeValue) ? null : resourceTypeValue;
    }

    private static void InspectParameters(MethodInspection inspection, KnownSymbols known, ReportAction report, CancellationToken cancellationToken)
    {
        IMethodSymbol method = inspection.Method;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (inspection.CancellationTokenParameter is null
                && parameter.RefKind == RefKind.None
                && KnownSymbols.Is(parameter.Type, known.CancellationToken))
            {
                inspection.CancellationTokenParameter = parameter;
            }

            foreach (AttributeData attribute in parameter.GetAttributes())
            {
                if (inspection.Kind == SpanKind.Child
                    && (KnownSymbols.Is(attribute.AttributeClass, known.ResourceNameAttribute) || KnownSymbols.Is(attribute.AttributeClass, known.ParentsAttribute)))
                {
                    string name = KnownSymbols.Is(attribute.AttributeClass, known.ResourceNameAttribute) ? "ResourceName" : "Parents";
                    report(DiagnosticDescriptors.EntityAttributeOnChildSpan, ParameterLocation(parameter), name, parameter.Name, method.Name);
                }
                else if (KnownSymbols.Is(attribute.AttributeClass, known.ResourceNameAttribute))
                {
                    inspection.HasResourceNameAttribute = true;
                    InspectResourceName(inspection, parameter, attribute, known, report, cancellationToken);
                }
                else if (KnownSymbols.Is(attribute.AttributeClass, known.ParentsAttribute))
                {
                    InspectParents(inspection, parameter, attribute, known, report, cancellationToken);
                }
                else if (KnownSymbols.Is(attribute.AttributeClass, known.SpanAttributeAttribute))
                {
                    string? key = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                    if (parameter.Type.IsRefLikeType || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
                    {
                        report(DiagnosticDescriptors.UnrecordableSpanAttribute, ParameterLocation(parameter), parameter.Name, parameter.Type.ToDisplayString());
                    }
                    else
                    {
                        inspection.SpanAttributes.Add((parameter, key ?? parameter.Name));
                    }
                }
            }
        }

        if (!inspection.HasResourceNameAttribute)
        {
            if (inspection.Kind == SpanKind.Create)
            {
                report(DiagnosticDescriptors.CreateWithoutResourceName, MethodLocation(method), method.Name);
            }
            else if (inspection.Kind == SpanKind.Operate)
            {
                report(DiagnosticDescriptors.OperateWithoutResourceName, MethodLocation(method), method.Name);
            }
        }
    }

    /// <summary>
    /// The type of the value an attribute on <paramref name="parameter"/> points at: the parameter itself, or the
    /// readable member its argument names. <see langword="false"/> when the member does not exist, with where to say so.
    /// </summary>
    private static bool TryValueType(
        MethodInspection inspection, IParameterSymbol parameter, AttributeData attribute, KnownSymbols known, CancellationToken cancellationToken,
        out string? member, out ITypeSymbol valueType, out Location? unknownMemberLocation)
    {
        member = MemberArgument(attribute);
        valueType = parameter.Type;
        unknownMemberLocation = null;
        if (member is null)
        {
            return true;
        }

        ITypeSymbol? memberType = FindReadableMember(parameter.Type, member, inspection.Method.ContainingType, known.Compilation);
        if (memberType is null)
        {
            AttributeSyntax? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            unknownMemberLocation = ArgumentLocation(syntax, 0) ?? ParameterLocation(parameter);
            return false;
        }

        valueType = memberType;
        return true;
    }

    private static void InspectResourceName(MethodInspection inspection, IParameterSymbol parameter, AttributeData attribute, KnownSymbols known, ReportAction report, CancellationToken cancellationToken)
    {
        if (inspection.ResourceNameParameter is { } first)
        {
            report(DiagnosticDescriptors.MultipleResourceNames, ParameterLocation(parameter), inspection.Method.Name, first.Name, parameter.Name);
            return;
        }

        if (parameter.RefKind == RefKind.Out)
        {
            report(DiagnosticDescriptors.OutParameter, ParameterLocation(parameter), parameter.Name, "ResourceName");
            return;
        }

        if (!TryValueType(inspection, parameter, attribute, known, cancellationToken, out string? member, out ITypeSymbol valueType, out Location? unknownMember))
        {
            report(DiagnosticDescriptors.UnknownResourceNameMember, unknownMember, member, parameter.Name, parameter.Type.ToDisplayString());
            return;
        }

        inspection.ResourceNameParameter = parameter;
        inspection.ResourceNameMember = member;
        inspection.ResourceNameValueType = valueType;
    }

    private static void InspectParents(MethodInspection inspection, IParameterSymbol parameter, AttributeData attribute, KnownSymbols known, ReportAction report, CancellationToken cancellationToken)
    {
        if (inspection.Kind == SpanKind.Operate)
        {
            report(DiagnosticDescriptors.ParentsOnOperate, ParameterLocation(parameter), parameter.Name, inspection.Method.Name);
            return;
        }

        if (inspection.ParentsParameter is { } first)
        {
            report(DiagnosticDescriptors.MultipleParents, ParameterLocation(parameter), inspection.Method.Name, first.Name, parameter.Name);
            return;
        }

        if (parameter.RefKind == RefKind.Out)
        {
            report(DiagnosticDescriptors.OutParameter, ParameterLocation(parameter), parameter.Name, "Parents");
            return;
        }

        if (!TryValueType(inspection, parameter, attribute, known, cancellationToken, out string? member, out ITypeSymbol valueType, out Location? unknownMember))
        {
            report(DiagnosticDescriptors.InvalidParents, unknownMember, parameter.Name, $"names '{member}', which is no readable property or field of '{parameter.Type.ToDisplayString()}'");
            return;
        }

        if (!IsParentsType(valueType, known))
        {
            string what = member is null ? $"is of type '{valueType.ToDisplayString()}'" : $"names '{member}' of type '{valueType.ToDisplayString()}'";
            report(DiagnosticDescriptors.InvalidParents, ParameterLocation(parameter), parameter.Name, what);
            return;
        }

        inspection.ParentsParameter = parameter;
        inspection.ParentsMember = member;
        inspection.ParentsValueType = valueType;
    }

    private static void InspectReturnType(MethodInspection inspection, KnownSymbols known, ReportAction report)
    {
        IMethodSymbol method = inspection.Method;
        ITypeSymbol returnType = method.ReturnType;
        ISymbol definition = returnType.OriginalDefinition;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            report(DiagnosticDescriptors.UnsupportedReturnType, MethodLocation(method), method.Name, "returns by reference");
        }
        else if (method.ReturnsVoid)
        {
            inspection.Shape = ReturnShape.Void;
        }
        else if (KnownSymbols.Is(definition, known.Task))
        {
            inspection.Shape = ReturnShape.Task;
        }
        else if (KnownSymbols.Is(definition, known.TaskOfT))
        {
            inspection.Shape = ReturnShape.TaskOfT;
        }
        else if (KnownSymbols.Is(definition, known.ValueTask))
        {
            inspection.Shape = ReturnShape.ValueTask;
        }
        else if (KnownSymbols.Is(definition, known.ValueTaskOfT))
        {
            inspection.Shape = ReturnShape.ValueTaskOfT;
        }
        else if (IsAsyncSequence(returnType, known))
        {
            report(DiagnosticDescriptors.UnsupportedReturnType, MethodLocation(method), method.Name, $"returns the async sequence '{returnType.ToDisplayString()}', whose work happens after the method returns");
        }
        else if (IsAwaitable(returnType))
        {
            report(DiagnosticDescriptors.UnsupportedReturnType, MethodLocation(method), method.Name, $"returns the awaitable '{returnType.ToDisplayString()}', which the wrapper cannot follow to completion");
        }
        else
        {
            inspection.Shape = ReturnShape.Value;
        }
    }

    private static void InspectCore(MethodInspection inspection, KnownSymbols known, ReportAction report)
    {
        IMethodSymbol method = inspection.Method;
        string coreName = method.Name + "Core";
        foreach (ISymbol member in method.ContainingType.GetMembers(coreName))
        {
            if (member is IMethodSymbol candidate && Matches(method, candidate, known, out bool takesToken))
            {
                inspection.Core = candidate;
                inspection.CoreTakesToken = takesToken;
                if (candidate.IsAsync && candidate.ReturnsVoid)
                {
                    report(DiagnosticDescriptors.UnsupportedReturnType, MethodLocation(method), method.Name, $"has the 'async void' body '{coreName}', whose completion cannot be observed; return Task from both");
                }

                return;
            }
        }

        report(DiagnosticDescriptors.MissingCore, MethodLocation(method), coreName, method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), ExpectedCoreSignature(method));
    }

    private static bool Matches(IMethodSymbol method, IMethodSymbol candidate, KnownSymbols known, out bool takesToken)
    {
        takesToken = false;
        if (candidate.TypeParameters.Length != method.TypeParameters.Length
            || (method.IsStatic && !candidate.IsStatic)
            || candidate.ReturnsByRef != method.ReturnsByRef
            || candidate.ReturnsByRefReadonly != method.ReturnsByRefReadonly)
        {
            return false;
        }

        IMethodSymbol core = candidate.IsGenericMethod
            ? candidate.Construct(method.TypeParameters.Cast<ITypeSymbol>().ToArray())
            : candidate;
        int count = method.Parameters.Length;
        if (core.Parameters.Length == count + 1)
        {
            IParameterSymbol last = core.Parameters[count];
            if (last.RefKind != RefKind.None || !KnownSymbols.Is(last.Type, known.HelixToken))
            {
                return false;
            }

            takesToken = true;
        }
        else if (core.Parameters.Length != count)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            IParameterSymbol expected = method.Parameters[i];
            IParameterSymbol actual = core.Parameters[i];
            if (!SymbolEqualityComparer.Default.Equals(expected.Type, actual.Type) || NormalizedRefKind(expected.RefKind) != NormalizedRefKind(actual.RefKind))
            {
                return false;
            }
        }

        return SymbolEqualityComparer.Default.Equals(method.ReturnType, core.ReturnType);
    }

    private static RefKind NormalizedRefKind(RefKind kind) => kind == RefKind.RefReadOnlyParameter ? RefKind.In : kind;

    private static string ExpectedCoreSignature(IMethodSymbol method)
    {
        SymbolDisplayFormat format = SymbolDisplayFormat.MinimallyQualifiedFormat;
        StringBuilder text = new();
        if (method.IsStatic)
        {
            text.Append("static ");
        }

        text.Append(method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(format)).Append(' ').Append(method.Name).Append("Core");
        if (method.TypeParameters.Length > 0)
        {
            text.Append('<').Append(string.Join(", ", method.TypeParameters.Select(static t => t.Name))).Append('>');
        }

        text.Append('(');
        text.Append(string.Join(", ", method.Parameters.Select(p => RefPrefix(p.RefKind) + p.Type.ToDisplayString(format) + " " + p.Name)));
        text.Append(')');
        return text.ToString();
    }

    private static string RefPrefix(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        RefKind.RefReadOnlyParameter => "ref readonly ",
        _ => string.Empty,
    };

    private static bool IsParentsType(ITypeSymbol type, KnownSymbols known)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return true;
        }

        if (SymbolEqualityComparer.Default.Equals(type, known.IEnumerableOfString))
        {
            return true;
        }

        return type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, known.IEnumerableOfString));
    }

    private static bool IsAsyncSequence(ITypeSymbol type, KnownSymbols known)
    {
        foreach (ITypeSymbol candidate in type.AllInterfaces.Cast<ITypeSymbol>().Prepend(type))
        {
            if (KnownSymbols.Is(candidate.OriginalDefinition, known.IAsyncEnumerableOfT) || KnownSymbols.Is(candidate.OriginalDefinition, known.IAsyncEnumeratorOfT))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAwaitable(ITypeSymbol type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers("GetAwaiter").OfType<IMethodSymbol>().Any(static m => !m.IsStatic && m.Parameters.Length == 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The type of the readable, non-static property or field <paramref name="name"/> of <paramref name="type"/>
    /// (or of the value inside a <c>Nullable&lt;T&gt;</c>), or <see langword="null"/> when there is none.
    /// </summary>
    public static ITypeSymbol? FindReadableMember(ITypeSymbol type, string name, INamedTypeSymbol within, Compilation compilation)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        foreach (ITypeSymbol candidate in SelfBasesAndInterfaces(type))
        {
            foreach (ISymbol member in candidate.GetMembers(name))
            {
                switch (member)
                {
                    case IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: { } getter } property
                        when compilation.IsSymbolAccessibleWithin(getter, within):
                        return property.Type;
                    case IFieldSymbol { IsStatic: false } field when compilation.IsSymbolAccessibleWithin(field, within):
                        return field.Type;
                }
            }
        }

        return null;
    }

    private static IEnumerable<ITypeSymbol> SelfBasesAndInterfaces(ITypeSymbol type)
    {
        if (type is ITypeParameterSymbol typeParameter)
        {
            foreach (ITypeSymbol constraint in typeParameter.ConstraintTypes)
            {
                foreach (ITypeSymbol inherited in SelfBasesAndInterfaces(constraint))
                {
                    yield return inherited;
                }
            }

            yield break;
        }

        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            yield return current;
        }

        foreach (INamedTypeSymbol contract in type.AllInterfaces)
        {
            yield return contract;
        }
    }

    private static string? MemberArgument(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;

    public static string AttributeName(SpanKind kind) => kind switch
    {
        SpanKind.Operate => "Operate",
        SpanKind.Create => "Create",
        _ => "ChildSpan",
    };

    private static Location MethodLocation(IMethodSymbol method) => method.Locations.FirstOrDefault() ?? Location.None;

    private static Location ParameterLocation(IParameterSymbol parameter) => parameter.Locations.FirstOrDefault() ?? Location.None;

    private static Location? ArgumentLocation(AttributeSyntax? syntax, int index) =>
        syntax?.ArgumentList is { } list && list.Arguments.Count > index && list.Arguments[index].NameEquals is null
            ? list.Arguments[index].Expression.GetLocation()
            : null;

    private delegate void ReportAction(DiagnosticDescriptor descriptor, Location? location, params object?[] args);
}
