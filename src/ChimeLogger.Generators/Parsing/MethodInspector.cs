using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Parsing;

/// <summary>
/// The instrumentation rules (docs/diagnostics), in one place: the analyzer reports what this finds, and the generator
/// instruments no method on which it found an error (and reports the placement problems of a <c>partial</c> method itself).
/// Both therefore always agree.
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

            report?.Invoke(Diagnostic.Create(descriptor, location ?? SymbolFacts.MethodLocation(method), args));
        }

        // Where a partial method is placed so that no implementation can be added (a containing type that is not partial
        // or is file-local, 'async' on the declaration, a body without a declaration), the compiler reports declaration
        // errors (CS0751, CS8795, CS1994, CS0759) that end a command-line build before any analyzer runs. The generator
        // reports these problems itself, so that the build names them; the analyzer leaves them to it.
        bool generatorReportsPlacement = SymbolFacts.IsDeclaredPartial(method, cancellationToken);
        void ReportPlacement(DiagnosticDescriptor descriptor, params object?[] args)
        {
            if (generatorReportsPlacement)
            {
                inspection.HasErrors = true;
                inspection.PlacementProblems.Add(new Finding(descriptor, SymbolFacts.MethodLocation(method), args));
            }
            else
            {
                Report(descriptor, SymbolFacts.MethodLocation(method), args);
            }
        }

        string attributeName = AttributeName(inspection.Kind);
        if (spans.Count > 1)
        {
            string list = string.Join(" and ", spans.Select(s => "[" + AttributeName(s.Kind) + "]"));
            Report(DiagnosticDescriptors.ConflictingSpanAttributes, SymbolFacts.MethodLocation(method), method.Name, list);
        }

        bool isPartialDefinition = SymbolFacts.IsPartialDefinitionToGenerate(method);
        if (!isPartialDefinition)
        {
            if (!method.IsPartialDefinition && method.PartialDefinitionPart is null && generatorReportsPlacement)
            {
                // A partial method with a body and no declaration (CS0759).
                ReportPlacement(DiagnosticDescriptors.MethodNotPartial, method.Name, attributeName);
            }
            else
            {
                Report(DiagnosticDescriptors.MethodNotPartial, SymbolFacts.MethodLocation(method), method.Name, attributeName);
            }
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!SymbolFacts.IsPartial(type, cancellationToken))
            {
                ReportPlacement(DiagnosticDescriptors.TypeNotPartial, type.Name, method.Name);
            }
            else if (type.IsFileLocal)
            {
                ReportPlacement(DiagnosticDescriptors.FileLocalType, type.Name, method.Name);
            }
        }

        if (method.IsPartialDefinition && SymbolFacts.IsDeclaredAsync(method, cancellationToken))
        {
            inspection.IsDeclaredAsync = true;
            string coreName = CoreMethodMatcher.CoreName(method);
            ReportPlacement(
                DiagnosticDescriptors.UnsupportedReturnType,
                method.Name,
                method.ReturnsVoid
                    ? $"is declared 'async void': a partial declaration has no body to be async, and the completion of 'async void' cannot be observed; declare it 'partial Task' without 'async', and make '{coreName}' an async method returning Task"
                    : $"is declared 'async': a partial declaration has no body to be async; remove 'async' here and make '{coreName}' async instead");
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
            report(DiagnosticDescriptors.EmptySpanName, SymbolFacts.ArgumentLocation(syntax, 0) ?? syntax?.GetLocation(), what, attributeName, method.Name);
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
                    report(DiagnosticDescriptors.EntityAttributeOnChildSpan, SymbolFacts.ParameterLocation(parameter), name, parameter.Name, method.Name);
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
                report(DiagnosticDescriptors.CreateWithoutResourceName, SymbolFacts.MethodLocation(method), method.Name);
            }
            else if (inspection.Kind == SpanKind.Operate)
            {
                report(DiagnosticDescriptors.OperateWithoutResourceName, SymbolFacts.MethodLocation(method), method.Name);
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
            report(DiagnosticDescriptors.UnrecordableSpanAttribute, SymbolFacts.ParameterLocation(parameter), "SpanAttribute", parameter.Name, parameter.Type.ToDisplayString(), "recorded on a span; record a value derived from it in Core with HelixToken.SetAttribute");
            return;
        }

        bool keyGiven = attribute.ConstructorArguments.Length == 1 && !attribute.ConstructorArguments[0].IsNull;
        string? given = keyGiven ? attribute.ConstructorArguments[0].Value as string : null;
        string key = given ?? parameter.Name;
        Location location = SymbolFacts.ArgumentLocation(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax, 0) ?? SymbolFacts.ParameterLocation(parameter);
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
        member = SymbolFacts.MemberArgument(attribute);
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
            unreadableLocation = SymbolFacts.ArgumentLocation(syntax, 0) ?? SymbolFacts.ParameterLocation(parameter);
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
            report(DiagnosticDescriptors.MultipleResourceNames, SymbolFacts.ParameterLocation(parameter), inspection.Method.Name, first.Name, parameter.Name);
            return;
        }

        if (parameter.RefKind == RefKind.Out)
        {
            report(DiagnosticDescriptors.OutParameter, SymbolFacts.ParameterLocation(parameter), parameter.Name, "ResourceName");
            return;
        }

        if (!TryValueType(inspection, parameter, attribute, known, cancellationToken, out string? member, out ITypeSymbol valueType, out INamedTypeSymbol? throughInterface, out string? reason, out Location? unreadable))
        {
            report(DiagnosticDescriptors.UnknownResourceNameMember, unreadable, member, parameter.Name, reason);
            return;
        }

        if (valueType.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            report(DiagnosticDescriptors.UnrecordableSpanAttribute, SymbolFacts.ParameterLocation(parameter), "ResourceName", parameter.Name, valueType.ToDisplayString(), "an entity id; pass the id as a string (or a value that formats as one), or set it in Core with HelixToken.SetEntityId");
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
            report(DiagnosticDescriptors.ParentsOnOperate, SymbolFacts.ParameterLocation(parameter), parameter.Name, inspection.Method.Name);
            return;
        }

        if (inspection.ParentsParameter is { } first)
        {
            report(DiagnosticDescriptors.MultipleParents, SymbolFacts.ParameterLocation(parameter), inspection.Method.Name, first.Name, parameter.Name);
            return;
        }

        if (parameter.RefKind == RefKind.Out)
        {
            report(DiagnosticDescriptors.OutParameter, SymbolFacts.ParameterLocation(parameter), parameter.Name, "Parents");
            return;
        }

        if (!TryValueType(inspection, parameter, attribute, known, cancellationToken, out string? member, out ITypeSymbol valueType, out INamedTypeSymbol? throughInterface, out string? reason, out Location? unreadable))
        {
            report(DiagnosticDescriptors.InvalidParents, unreadable, parameter.Name, $"names '{member}', which cannot be read: {reason}");
            return;
        }

        if (!SymbolFacts.IsParentsType(valueType, known))
        {
            string what = member is null ? $"is of type '{valueType.ToDisplayString()}'" : $"names '{member}' of type '{valueType.ToDisplayString()}'";
            report(DiagnosticDescriptors.InvalidParents, SymbolFacts.ParameterLocation(parameter), parameter.Name, what);
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
            report(DiagnosticDescriptors.UnsupportedReturnType, SymbolFacts.MethodLocation(method), method.Name, "returns by reference");
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
        else if (SymbolFacts.IsAsyncSequence(returnType, known))
        {
            report(DiagnosticDescriptors.UnsupportedReturnType, SymbolFacts.MethodLocation(method), method.Name, $"returns the async sequence '{returnType.ToDisplayString()}', whose work happens after the method returns");
        }
        else if (SymbolFacts.IsAwaitable(returnType))
        {
            report(DiagnosticDescriptors.UnsupportedReturnType, SymbolFacts.MethodLocation(method), method.Name, $"returns the awaitable '{returnType.ToDisplayString()}', which the wrapper cannot follow to completion");
        }
        else
        {
            inspection.Shape = ReturnShape.Value;
        }
    }

    private static void InspectCore(MethodInspection inspection, KnownSymbols known, ReportAction report)
    {
        IMethodSymbol method = inspection.Method;
        string coreName = CoreMethodMatcher.CoreName(method);
        IMethodSymbol? core = CoreMethodMatcher.Find(method, known, out bool takesToken, out string? mismatch);
        if (core is null)
        {
            string note = mismatch is null ? string.Empty : " (" + mismatch + ")";
            report(DiagnosticDescriptors.MissingCore, SymbolFacts.MethodLocation(method), coreName, method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), CoreMethodMatcher.ExpectedSignature(method), note);
            return;
        }

        inspection.Core = core;
        inspection.CoreTakesToken = takesToken;
        if (core.IsAsync && core.ReturnsVoid && !inspection.IsDeclaredAsync)
        {
            // (An 'async void' declaration is reported once, with what to do about both.)
            report(DiagnosticDescriptors.UnsupportedReturnType, SymbolFacts.MethodLocation(method), method.Name, $"has the 'async void' body '{coreName}', whose completion cannot be observed; return Task from both");
        }
        else if (core.IsIterator && !core.IsAsync)
        {
            report(DiagnosticDescriptors.UnsupportedReturnType, SymbolFacts.MethodLocation(method), method.Name,
                $"has the iterator body '{coreName}', whose work runs while the caller enumerates, after the span has ended; return a materialised collection (a List<T> or an array) from '{coreName}', or instrument the code that enumerates");
        }
    }

    public static string AttributeName(SpanKind kind) => kind switch
    {
        SpanKind.Operate => "Operate",
        SpanKind.Create => "Create",
        _ => "ChildSpan",
    };

    private delegate void ReportAction(DiagnosticDescriptor descriptor, Location? location, params object?[] args);
}
