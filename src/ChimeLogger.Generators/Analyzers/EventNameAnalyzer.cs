using System.Collections.Immutable;
using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Inspection;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ChimeLogger.Generators.Analyzers;

/// <summary>
/// CHIME014: a constant event name passed to <c>HelixToken.AddEvent</c> that does not start with
/// <c>helix.</c>. The herald keeps only <c>helix.*</c> events (docs/helix-contract.md §2), so such an event is lost.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EventNameAnalyzer : DiagnosticAnalyzer
{
    private const string HelixPrefix = ChimeLogger.Contract.EventNames.Prefix;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.EventNameWithoutHelixPrefix);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        // Stryker disable once Statement : concurrent execution changes how fast the callbacks run, not what they report.
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.OnChimeLoggerCompilations(
            static compilation => compilation.GetTypeByMetadataName(KnownSymbols.HelixTokenName),
            static (start, helixToken) => start.RegisterOperationAction(operation => AnalyzeInvocation(operation, helixToken), OperationKind.Invocation));
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol helixToken)
    {
        IInvocationOperation invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol target = invocation.TargetMethod;
        if (target.Name != "AddEvent" || !SymbolEqualityComparer.Default.Equals(target.ContainingType, helixToken))
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "name"
                && argument.Value.ConstantValue is { HasValue: true, Value: string name }
                && !name.StartsWith(HelixPrefix, StringComparison.Ordinal))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EventNameWithoutHelixPrefix, argument.Value.Syntax.GetLocation(), name));
            }
        }
    }
}
