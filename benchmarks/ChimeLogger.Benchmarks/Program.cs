using System.Globalization;
using BenchmarkDotNet.Running;
using ChimeLogger.Benchmarks.Burst;
using ChimeLogger.Benchmarks.Ceiling;
using ChimeLogger.Benchmarks.Interleaved;
using ChimeLogger.Benchmarks.Reporting;

namespace ChimeLogger.Benchmarks;

/// <summary>
/// <c>--report</c>: every case, measured, then docs/benchmarks.md. <c>--quick</c>: every case once (a smoke
/// check; the report goes to BenchmarkDotNet.Artifacts, not docs). <c>--export</c>: only the export
/// throughput to the dashboard. <c>--ceiling</c>, <c>--burst</c>, <c>--sync-ratio</c>, <c>--async-ratio</c>, <c>--later-ratio</c>: only that measurement, printed.
/// <c>--render</c>: the report again from the measurements kept by the last <c>--report</c> run. The <c>--*-trial</c>
/// arguments are the child processes those measurements start. Anything else goes to BenchmarkDotNet's own command line
/// (<c>--filter *Listening*</c>, ...).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case InterleavedRatioRun.TrialArgument:
                return InterleavedRatioRun.RunTrial(args[1], quick: args.ElementAtOrDefault(2) == "quick");
            case CeilingTrial.Argument:
                return CeilingTrial.Run(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), new Uri(args[4]));
            case BurstTrial.Argument:
                return BurstTrial.Run(args[1], new Uri(args[2]));
            case QueueMemoryTrial.Argument:
                return QueueMemoryTrial.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : null);
            case "--ceiling":
                await CeilingRun.MeasureAsync(SuiteRun.RepositoryRoot(), args.Contains("--quick"), Console.Out).ConfigureAwait(false);
                return 0;
            case "--burst":
                await BurstRun.MeasureAsync(SuiteRun.RepositoryRoot(), args.Contains("--quick"), Console.Out).ConfigureAwait(false);
                return 0;
            case "--sync-ratio" or "--async-ratio" or "--later-ratio":
                RatioShape shape = args[0] switch { "--sync-ratio" => RatioShape.Sync, "--async-ratio" => RatioShape.Async, _ => RatioShape.Later };
                InterleavedRatioResult ratio = await InterleavedRatioRun.MeasureAsync(shape, args.Contains("--quick"), Console.Out).ConfigureAwait(false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// Median {ratio.Median:F3} (from {ratio.Lowest:F3} to {ratio.Highest:F3})"));
                return 0;
        }

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
