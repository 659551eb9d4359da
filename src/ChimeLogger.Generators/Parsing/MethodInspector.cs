using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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

        bool isPartialDefinition = IsPartialDefinitionToGenerate(method);
        if (!isPartialDefinition)
        {
            Report(DiagnosticDescriptors.MethodNotPartial, MethodLocation(method), method.Name, attributeName);
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!IsPartial(type, cancellationToken))
            {
                Report(DiagnosticDescriptors.TypeNotPartial, MethodLocation(method), type.Name, method.Name);
            }
            else if (type.IsFileLocal)
            {
                Report(DiagnosticDescriptors.FileLocalType, MethodLocation(method), type.Name, method.Name);
            }
        }

        InspectSpanAttribute(inspection, attributeName, Report, cancellationToken);
        InspectParameters(inspection, known, Report, cancellationToken);
        InspectReturnType(inspection, known, Report);

        // A method with a body needs no Core yet (its body becomes Core): CHIME001 says all there is to say.
        if (isPartialDefinition)
        {
            InspectCore(inspection, known, Report);
        }

        return inspection;
    }

    /// <summary>
    /// Whether the generator can add an implementing part for the method: it is a partial definition with none yet,
    /// and every containing type is partial and not file-local (the parts of a file-local type must share one file).
    /// </summary>
    public static bool CanHoldImplementation(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (!method.IsPartialDefinition || method.PartialImplementationPart is not null)
        {
            return false;
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal || !IsPartial(type, cancellationToken))
            {
                return false;
            }
        }

        return true;
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
                    InspectSpanAttributeParameter(inspection, parameter, attribute, report, cancellationToken);
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
    /// The contract keys ChimeLogger writes itself (docs/helix-contract.md §2): a span attribute with one of these keys
    /// would overwrite what the herald reads to build the entity, so it is refused at compile time.
    /// </summary>
    public static readonly string[] ReservedAttributeKeys =
    {
        "helix.entity.id",
        "helix.instrument.id",
        "helix.parent.ids",
        "helix.entity.is_operation",
        "helix.log.entity_id",
        "chime.resource_type",
        "chime.pipeline",
        "chime.site",
    };

    private static void InspectSpanAttributeParameter(MethodInspection inspection, IParameterSymbol parameter, AttributeData attribute, ReportAction report, CancellationToken cancellationToken)
    {
        if (parameter.Type.IsRefLikeType || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            report(DiagnosticDescriptors.UnrecordableSpanAttribute, ParameterLocation(parameter), "SpanAttribute", parameter.Name, parameter.Type.ToDisplayString(), "recorded on a span; record a value derived from it in Core with HelixToken.SetAttribute");
            return;
        }

        bool keyGiven = attribute.ConstructorArguments.Length == 1 && !attribute.ConstructorArguments[0].IsNull;
        string? given = keyGiven ? attribute.ConstructorArguments[0].Value as string : null;
        string key = given ?? parameter.Name;
        Location location = ArgumentLocation(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax, 0) ?? ParameterLocation(parameter);
        if (keyGiven && string.IsNullOrWhiteSpace(given))
        {
            report(DiagnosticDescriptors.InvalidSpanAttributeKey, location, parameter.Name, "has an empty key; give a key such as 'helix.chime.snr', or none to use the parameter name");
            return;
        }

        if (Array.IndexOf(ReservedAttributeKeys, key) >= 0)
        {
            report(DiagnosticDescriptors.InvalidSpanAttributeKey, location, parameter.Name, $"uses the key '{key}', which ChimeLogger writes itself for the herald; choose another key");
            return;
        }

        foreach ((IParameterSymbol other, string otherKey) in inspection.SpanAttributes)
        {
            if (string.Equals(otherKey, key, StringComparison.Ordinal))
            {
                report(DiagnosticDescriptors.InvalidSpanAttributeKey, location, parameter.Name, $"uses the key '{key}' that parameter '{other.Name}' already records; give each span attribute its own key");
                return;
            }
        }

        inspection.SpanAttributes.Add((parameter, key));
    }

    /// <summary>
    /// The type of the value an attribute on <paramref name="parameter"/> points at: the parameter itself, or the
    /// readable member its argument names. <see langword="false"/> when that member cannot be read, with why and where to say so.
    /// </summary>
    private static bool TryValueType(
        MethodInspection inspection, IParameterSymbol parameter, AttributeData attribute, KnownSymbols known, CancellationToken cancellationToken,
        out string? member, out ITypeSymbol valueType, out INamedTypeSymbol? throughInterface, out string? unreadableReason, out Location? unreadableLocation)
    {
        member = MemberArgument(attribute);
        valueType = parameter.Type;
        throughInterface = null;
        unreadableReason = null;
        unreadableLocation = null;
        if (member is null)
        {
            return true;
        }

        MemberLookupResult found = MemberLookup.Find(parameter.Type, member, inspection.Method.ContainingType, known.Compilation);
        if (found.Outcome != MemberLookupOutcome.Found || found.Type is null)
        {
            AttributeSyntax? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            unreadableLocation = ArgumentLocation(syntax, 0) ?? ParameterLocation(parameter);
            unreadableReason = MemberLookup.Describe(found, parameter.Type, member, inspection.Method.ContainingType);
            return false;
        }

        valueType = found.Type;
        throughInterface = found.ThroughInterface;
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

        if (!TryValueType(inspection, parameter, attribute, known, cancellationToken, out string? member, out ITypeSymbol valueType, out INamedTypeSymbol? throughInterface, out string? reason, out Location? unreadable))
        {
            report(DiagnosticDescriptors.UnknownResourceNameMember, unreadable, member, parameter.Name, reason);
            return;
        }

        if (valueType.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            report(DiagnosticDescriptors.UnrecordableSpanAttribute, ParameterLocation(parameter), "ResourceName", parameter.Name, valueType.ToDisplayString(), "an entity id; pass the id as a string (or a value that formats as one), or set it in Core with HelixToken.SetEntityId");
            return;
        }

        inspection.ResourceNameParameter = parameter;
        inspection.ResourceNameMember = member;
        inspection.ResourceNameValueType = valueType;
        inspection.ResourceNameInterface = throughInterface;
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

        if (!TryValueType(inspection, parameter, attribute, known, cancellationToken, out string? member, out ITypeSymbol valueType, out INamedTypeSymbol? throughInterface, out string? reason, out Location? unreadable))
        {
            report(DiagnosticDescriptors.InvalidParents, unreadable, parameter.Name, $"names '{member}', which cannot be read: {reason}");
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
        inspection.ParentsInterface = throughInterface;
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
        string? mismatch = null;

        // The declaring type first, then its base classes: a Core inherited from a base class is called as this.Core(...).
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (ISymbol member in type.GetMembers(coreName))
            {
                if (member is not IMethodSymbol candidate)
                {
                    continue;
                }

                if (!SymbolEqualityComparer.Default.Equals(type, method.ContainingType)
                    && !known.Compilation.IsSymbolAccessibleWithin(candidate, method.ContainingType, candidate.IsStatic ? null : method.ContainingType))
                {
                    mismatch ??= $"'{coreName}' in '{type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' is not accessible from '{method.ContainingType.Name}'";
                    continue;
                }

                if (!Matches(method, candidate, known, out bool takesToken))
                {
                    continue;
                }

                if (UnsatisfiedConstraint(method, candidate, known.Compilation) is { } constraint)
                {
                    mismatch ??= constraint;
                    continue;
                }

                inspection.Core = candidate;
                inspection.CoreTakesToken = takesToken;
                if (candidate.IsAsync && candidate.ReturnsVoid)
                {
                    report(DiagnosticDescriptors.UnsupportedReturnType, MethodLocation(method), method.Name, $"has the 'async void' body '{coreName}', whose completion cannot be observed; return Task from both");
                }
                else if (candidate.IsIterator && !candidate.IsAsync)
                {
                    report(DiagnosticDescriptors.UnsupportedReturnType, MethodLocation(method), method.Name,
                        $"has the iterator body '{coreName}', whose work runs while the caller enumerates, after the span has ended; return a materialised collection (a List<T> or an array) from '{coreName}', or instrument the code that enumerates");
                }

                return;
            }
        }

        string note = mismatch is null ? string.Empty : " (" + mismatch + ")";
        report(DiagnosticDescriptors.MissingCore, MethodLocation(method), coreName, method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), ExpectedCoreSignature(method), note);
    }

    /// <summary>
    /// Why calling the generic Core with the wrapper's type parameters would not compile (CS0452, CS0453, CS0310,
    /// CS0311, CS0314, CS9244), or <see langword="null"/> when every constraint of Core is guaranteed by the wrapper's.
    /// </summary>
    private static string? UnsatisfiedConstraint(IMethodSymbol method, IMethodSymbol core, Compilation compilation)
    {
        if (core.TypeParameters.Length == 0)
        {
            return null;
        }

        for (int i = 0; i < core.TypeParameters.Length; i++)
        {
            ITypeParameterSymbol required = core.TypeParameters[i];
            ITypeParameterSymbol given = method.TypeParameters[i];
            string? missing = null;
            if (required.HasUnmanagedTypeConstraint && !given.HasUnmanagedTypeConstraint)
            {
                missing = "unmanaged";
            }
            else if (required.HasValueTypeConstraint && !given.IsValueType)
            {
                missing = "struct";
            }
            else if (required.HasReferenceTypeConstraint && !given.IsReferenceType)
            {
                missing = "class";
            }
            else if (required.HasNotNullConstraint && !(given.HasNotNullConstraint || given.IsValueType || (given.HasReferenceTypeConstraint && given.ReferenceTypeConstraintNullableAnnotation != NullableAnnotation.Annotated)))
            {
                missing = "notnull";
            }
            else if (required.HasConstructorConstraint && !given.HasConstructorConstraint && !given.HasValueTypeConstraint)
            {
                missing = "new()";
            }
            else if (given.AllowsRefLikeType && !required.AllowsRefLikeType)
            {
                missing = "no 'allows ref struct'";
            }
            else
            {
                foreach (ITypeSymbol constraint in required.ConstraintTypes.Select(c => Substitute(c, core.TypeParameters, method.TypeParameters)))
                {
                    Microsoft.CodeAnalysis.Operations.CommonConversion conversion = compilation.ClassifyCommonConversion(given, constraint);
                    if (!conversion.IsIdentity && !conversion.IsImplicit)
                    {
                        missing = constraint.ToDisplayString();
                        break;
                    }
                }
            }

            if (missing is not null)
            {
                return $"'{core.Name}' requires '{missing}' of type parameter '{required.Name}', which '{method.Name}' does not guarantee; give both the same constraints";
            }
        }

        return null;
    }

    /// <summary>A constraint of Core's type parameters written in the wrapper's type parameters.</summary>
    private static ITypeSymbol Substitute(ITypeSymbol type, ImmutableArray<ITypeParameterSymbol> from, ImmutableArray<ITypeParameterSymbol> to)
    {
        switch (type)
        {
            case ITypeParameterSymbol parameter when parameter.TypeParameterKind == TypeParameterKind.Method:
                int index = from.IndexOf(parameter, SymbolEqualityComparer.Default);
                return index >= 0 ? to[index] : type;
            case INamedTypeSymbol { IsGenericType: true } named:
                ITypeSymbol[] arguments = named.TypeArguments.Select(a => Substitute(a, from, to)).ToArray();
                return named.ConstructedFrom.Construct(arguments);
            default:
                return type;
        }
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

        if (type.TypeKind is TypeKind.Dynamic or TypeKind.Error)
        {
            return false;
        }

        // An implicit conversion to IEnumerable<string>: a sequence type, a value type implementing it (boxed), or a
        // type parameter constrained to one.
        return known.Compilation.ClassifyCommonConversion(type, known.IEnumerableOfString) is { Exists: true, IsImplicit: true };
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
