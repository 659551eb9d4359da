using ChimeLogger.Generators.Inspection;
using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Parsing;

/// <summary>
/// Turns one attributed method into the value model the emitter writes from: runs the rules (<see cref="MethodInspector"/>),
/// then decides what the method gets (a wrapper, a body that only calls Core, or only the generator's own diagnostics) and
/// has each part of the model read: <see cref="ContainingTypeParser"/>, <see cref="SignatureParser"/>,
/// <see cref="CoreMethodParser"/>, <see cref="SpanPlanParser"/>.
/// </summary>
internal static class InstrumentationParser
{
    /// <summary>
    /// What to generate for the method <paramref name="context"/> points at, and what the generator reports itself; or
    /// <see langword="null"/> when there is nothing to do: the analyzer reports why.
    /// </summary>
    public static MethodOutput? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol declared
            || context.TargetNode is not MethodDeclarationSyntax syntax
            || SymbolFacts.MethodToInspect(declared, syntax, cancellationToken) is not { } method)
        {
            return null;
        }

        // A method the compiler placed in an implicit type (half-typed code outside any type ends up in
        // "<invalid-global-code>") has no type the generated code could be a part of, nor a valid hint name.
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsImplicitClass || type.IsScriptClass || !type.CanBeReferencedByName)
            {
                return null;
            }
        }

        if (method.ContainingType is null)
        {
            return null;
        }

        KnownSymbols? known = KnownSymbols.Resolve(context.SemanticModel.Compilation);
        if (known is null)
        {
            return null;
        }

        List<string> errors = new();
        MethodInspection? inspection = MethodInspector.Inspect(
            method,
            known,
            diagnostic =>
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error && !errors.Contains(diagnostic.Id))
                {
                    errors.Add(diagnostic.Id);
                }
            },
            cancellationToken);
        if (inspection is null)
        {
            return null;
        }

        if (inspection.PlacementProblems.Count > 0)
        {
            // Nothing can be added to this method, and the compiler's errors about it stop a command-line build before
            // the analyzers run: the generator says why.
            return new MethodOutput(null, inspection.PlacementProblems.Select(static p => Reported(p)).ToEquatableArray());
        }

        if (!SymbolFacts.CanHoldImplementation(method, cancellationToken))
        {
            // A method with a body, or implemented by hand (CHIME001). Past this point the attributed declaration is the
            // method's definition, whose syntax the implementation repeats.
            return null;
        }

        if (inspection.HasErrors || inspection.Core is null || inspection.SpanName is null)
        {
            // A method with an error is not instrumented: it gets a body that only calls Core, so that a suppressed error
            // means "run without telemetry". Without a Core to call, the body is still the call the wrapper would make:
            // it does not compile until Core exists, which is a method-body error beside CHIME012. Writing nothing instead
            // would leave the compiler's CS8795, a declaration error that ends a command-line build before the analyzers
            // run, hiding every ChimeLogger diagnostic of the project. Never a body that throws at run time.
            return Implemented(PassThrough(method, syntax, inspection, errors));
        }

        SpanPlan span = SpanPlanParser.Parse(method, inspection, inspection.SpanName);
        return Implemented(Method(method, syntax, inspection, span, EquatableArray<string>.Empty));
    }

    private static InstrumentedMethod Method(IMethodSymbol method, MethodDeclarationSyntax syntax, MethodInspection inspection, SpanPlan? span, EquatableArray<string> reportedErrors) => new(
        ContainingTypeParser.Parse(method.ContainingType),
        SignatureParser.Parse(method, syntax),
        CoreMethodParser.Parse(method, inspection),
        span,
        reportedErrors);

    private static MethodOutput Implemented(InstrumentedMethod method) => new(method, EquatableArray<ReportedDiagnostic>.Empty);

    private static ReportedDiagnostic Reported(Finding finding)
    {
        FileLinePositionSpan lines = finding.Location.GetLineSpan();
        return new ReportedDiagnostic(
            finding.Descriptor.Id,
            finding.Arguments.Select(static a => a?.ToString() ?? string.Empty).ToEquatableArray(),
            lines.Path,
            finding.Location.SourceSpan,
            lines.Span);
    }

    private static InstrumentedMethod PassThrough(IMethodSymbol method, MethodDeclarationSyntax syntax, MethodInspection inspection, List<string> errors)
    {
        errors.Sort(StringComparer.Ordinal);
        return Method(method, syntax, inspection, span: null, errors.ToEquatableArray());
    }
}
