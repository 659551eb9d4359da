using ChimeLogger.Generators.Inspection;
using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Parsing;

/// <summary>
/// The span an instrumented method opens (<see cref="SpanPlan"/>), from what the rules found: where its entity id and
/// parent ids are read, how each becomes text, the caller's <c>CancellationToken</c>, and the span attributes.
/// </summary>
internal static class SpanPlanParser
{
    public static SpanPlan Parse(IMethodSymbol method, MethodInspection inspection, string spanName) => new(
        inspection.Kind,
        spanName,
        inspection.ResourceType,
        inspection.Shape,
        EntityId(inspection),
        Parents(inspection),
        inspection.CancellationTokenParameter is { } token ? CSharpNames.Escape(token.Name) : null,
        SpanAttributes(method, inspection.SpanAttributes));

    private static EntityIdSource? EntityId(MethodInspection inspection)
    {
        if (inspection.Kind == SpanKind.Child || inspection.ResourceName is not { } source)
        {
            return null;
        }

        return new EntityIdSource(
            Read(source),
            ValueFormats.EntityIdFormatOf(ValueFormats.UnderlyingType(source.Type)),
            source.Member is null ? ValueFormats.CanBeNull(source.Parameter) : ValueFormats.CanBeNull(source.Type));
    }

    private static ParentsSource? Parents(MethodInspection inspection)
    {
        if (inspection.Kind != SpanKind.Create || inspection.Parents is not { } source)
        {
            return null;
        }

        bool isSingle = source.Type.SpecialType == SpecialType.System_String;
        return new ParentsSource(
            Read(source),
            isSingle,
            !isSingle && IsReplaceableSequence(source) ? CSharpNames.Qualified(source.Parameter.Type) : null);
    }

    private static ParameterValue Read(AttributedValue source) => new(
        CSharpNames.Escape(source.Parameter.Name),
        source.Member is { } member ? CSharpNames.Escape(member) : null,
        source.Interface is { } contract ? CSharpNames.Qualified(contract) : null,
        ValueFormats.CanBeNull(source.Parameter));

    /// <summary>
    /// Whether Core can be given the parent ids read for the span instead of the caller's sequence: the parameter itself
    /// holds them, is passed by value, and is declared <c>IEnumerable&lt;string&gt;</c>, so any sequence may stand in for
    /// it. (A collection type, a type parameter or a member of a parameter keeps the caller's value.)
    /// </summary>
    private static bool IsReplaceableSequence(AttributedValue parents) =>
        parents.Member is null
        && parents.Parameter is { RefKind: RefKind.None } parameter
        && parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } sequence
        && sequence.TypeArguments[0].SpecialType == SpecialType.System_String;

    /// <summary>The <c>[SpanAttribute]</c> parameters, in parameter order.</summary>
    private static EquatableArray<SpanAttributeModel> SpanAttributes(IMethodSymbol method, List<(IParameterSymbol Parameter, string Key)> spanAttributes)
    {
        List<SpanAttributeModel> attributes = new(spanAttributes.Count);
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            foreach ((IParameterSymbol Parameter, string Key) entry in spanAttributes)
            {
                if (SymbolEqualityComparer.Default.Equals(entry.Parameter, parameter))
                {
                    ITypeSymbol underlying = ValueFormats.UnderlyingType(parameter.Type);
                    attributes.Add(new SpanAttributeModel(
                        CSharpNames.Escape(parameter.Name),
                        entry.Key,
                        ValueFormats.AttributeFormatOf(underlying),
                        IsNullableValueType: !SymbolEqualityComparer.Default.Equals(underlying, parameter.Type),
                        IsOut: parameter.RefKind == RefKind.Out));
                }
            }
        }

        return attributes.ToEquatableArray();
    }
}
