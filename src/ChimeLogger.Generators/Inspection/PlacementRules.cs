using ChimeLogger.Generators.Diagnostics;

namespace ChimeLogger.Generators.Inspection;

/// <summary>
/// Whether an implementation can be added where the method is declared: a <c>partial</c> declaration without a body
/// (CHIME001), in types that are all <c>partial</c> (CHIME002) and not file-local (CHIME021), not itself <c>async</c>
/// (CHIME013). For a method declared <c>partial</c> these are the generator's to report (<see cref="MethodInspection.ReportPlacement"/>).
/// </summary>
internal static class PlacementRules
{
    /// <param name="inspection">The method's inspection.</param>
    /// <param name="isPartialDefinition">Whether the method is a partial declaration the generator implements (<see cref="SymbolFacts.IsPartialDefinitionToGenerate"/>).</param>
    /// <param name="cancellationToken">Cancels the reading of syntax.</param>
    public static void Inspect(MethodInspection inspection, bool isPartialDefinition, CancellationToken cancellationToken)
    {
        IMethodSymbol method = inspection.Method;
        if (!isPartialDefinition)
        {
            if (!method.IsPartialDefinition && method.PartialDefinitionPart is null)
            {
                // A partial method with a body and no declaration (CS0759) is the generator's to report; any other method
                // with a body is reported as usual (ReportPlacement does so for a method not declared partial).
                inspection.ReportPlacement(DiagnosticDescriptors.MethodNotPartial, method.Name, inspection.AttributeName);
            }
            else
            {
                inspection.Report(DiagnosticDescriptors.MethodNotPartial, SymbolFacts.MethodLocation(method), method.Name, inspection.AttributeName);
            }
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!SymbolFacts.IsPartial(type, cancellationToken))
            {
                inspection.ReportPlacement(DiagnosticDescriptors.TypeNotPartial, type.Name, method.Name);
            }
            else if (type.IsFileLocal)
            {
                inspection.ReportPlacement(DiagnosticDescriptors.FileLocalType, type.Name, method.Name);
            }
        }

        if (method.IsPartialDefinition && SymbolFacts.IsDeclaredAsync(method, cancellationToken))
        {
            inspection.IsDeclaredAsync = true;
            string coreName = CoreMethodMatcher.CoreName(method);
            inspection.ReportPlacement(
                DiagnosticDescriptors.UnsupportedReturnType,
                method.Name,
                method.ReturnsVoid
                    ? $"is declared 'async void': a partial declaration has no body to be async, and the completion of 'async void' cannot be observed; declare it 'partial Task' without 'async', and make '{coreName}' an async method returning Task"
                    : $"is declared 'async': a partial declaration has no body to be async; remove 'async' here and make '{coreName}' async instead");
        }
    }
}
