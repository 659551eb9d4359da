using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Inspection;

/// <summary>
/// The instrumentation rules (docs/diagnostics), run from one place: the analyzer reports what they find, and the generator
/// instruments no method on which they found an error (and reports the placement problems of a <c>partial</c> method itself).
/// Both therefore always agree. The rules are grouped by what they judge, a file each: <see cref="PlacementRules"/>,
/// <see cref="SpanArgumentRules"/>, <see cref="ParameterRules"/> (with <see cref="SpanAttributeKeyRules"/>),
/// <see cref="ReturnShapeRules"/> and <see cref="CoreRules"/>.
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
            SpanKind? kind = known.SpanKindOf(attribute.AttributeClass);
            if (kind is not null)
            {
                spans.Add((kind.Value, attribute));
            }
        }

        if (spans.Count == 0)
        {
            return null;
        }

        // Where a partial method is placed so that no implementation can be added (a containing type that is not partial
        // or is file-local, 'async' on the declaration, a body without a declaration), the compiler reports declaration
        // errors (CS0751, CS8795, CS1994, CS0759) that end a command-line build before any analyzer runs. The generator
        // reports these problems itself, so that the build names them; the analyzer leaves them to it.
        MethodInspection inspection = new(
            method, spans[0].Kind, spans[0].Data, report, generatorReportsPlacement: SymbolFacts.IsDeclaredPartial(method, cancellationToken));
        if (spans.Count > 1)
        {
            string list = string.Join(" and ", spans.Select(s => "[" + KnownSymbols.AttributeName(s.Kind) + "]"));
            inspection.Report(DiagnosticDescriptors.ConflictingSpanAttributes, SymbolFacts.MethodLocation(method), method.Name, list);
        }

        bool isPartialDefinition = SymbolFacts.IsPartialDefinitionToGenerate(method);
        PlacementRules.Inspect(inspection, isPartialDefinition, cancellationToken);
        SpanArgumentRules.Inspect(inspection, cancellationToken);
        ParameterRules.Inspect(inspection, known, cancellationToken);
        ReturnShapeRules.Inspect(inspection, known);

        // A method with a body needs no Core yet (its body becomes Core): CHIME001 says all there is to say.
        if (isPartialDefinition)
        {
            CoreRules.Inspect(inspection, known);
        }

        return inspection;
    }
}
