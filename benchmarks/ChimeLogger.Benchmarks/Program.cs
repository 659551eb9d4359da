using BenchmarkDotNet.Running;
using ChimeLogger.Benchmarks.Reporting;

namespace ChimeLogger.Benchmarks;

/// <summary>
/// <c>--report</c>: every case, measured, then docs/benchmarks.md. <c>--quick</c>: every case once (a smoke
/// check; the report goes to BenchmarkDotNet.Artifacts, not docs). <c>--export</c>: only the export
/// throughput. <c>--render</c>: the report again from the
/// measurements kept by the last <c>--report</c> run. Anything else goes to BenchmarkDotNet's own command line (<c>--filter *Listening*</c>, ...).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        bool quick = args.Contains("--quick");
        if (args.Contains("--report") || quick)
        {
            return await SuiteRun.RunAsync(quick, Console.Out).ConfigureAwait(false);
        }

        if (args.Contains("--render"))
        {
            return await SuiteRun.RenderAgainAsync(quick: false, Console.Out).ConfigureAwait(false);
        }

        if (args.Contains("--export"))
        {
            return await SuiteRun.RunExportOnlyAsync(Console.Out).ConfigureAwait(false);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
