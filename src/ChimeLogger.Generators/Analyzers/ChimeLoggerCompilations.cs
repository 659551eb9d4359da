using Microsoft.CodeAnalysis.Diagnostics;

namespace ChimeLogger.Generators.Analyzers;

/// <summary>Where the ChimeLogger analyzers act: only in compilations that reference ChimeLogger.</summary>
internal static class ChimeLoggerCompilations
{
    /// <summary>
    /// Registers the analyzer's actions for each compilation in which <paramref name="resolve"/> finds the symbols the
    /// analyzer looks for (resolved once per compilation); a compilation without ChimeLogger gets none.
    /// </summary>
    public static void OnChimeLoggerCompilations<TSymbols>(
        this AnalysisContext context, Func<Compilation, TSymbols?> resolve, Action<CompilationStartAnalysisContext, TSymbols> register)
        where TSymbols : class => context.RegisterCompilationStartAction(start =>
        {
            TSymbols? symbols = resolve(start.Compilation);
            if (symbols is not null)
            {
                register(start, symbols);
            }
        });
}
