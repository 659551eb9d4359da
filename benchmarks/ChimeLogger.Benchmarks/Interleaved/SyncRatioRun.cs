using System.Diagnostics;
using System.Globalization;
using ChimeLogger.Benchmarks.Cases;
using ChimeLogger.Benchmarks.Subjects;
using OpenTelemetry.Trace;

namespace ChimeLogger.Benchmarks.Interleaved;

/// <summary>
/// The synchronous generated / hand-written time ratio, measured so that noise cannot decide it: several fresh
/// processes, each timing the two subjects in alternating short blocks (the order swapped every round) and reporting
/// the median of its per-round ratios; the result is the median over the processes with their spread.
/// </summary>
internal static class SyncRatioRun
{
    public const string TrialArgument = "--sync-ratio-trial";
    private const string ResultPrefix = "sync-ratio";
    private const string EventId = "evt-2026-000042";

    public static async Task<SyncRatioResult> MeasureAsync(bool quick, TextWriter log)
    {
        int processes = quick ? 2 : 9;
        List<double> ratios = [];
        for (int i = 0; i < processes; i++)
        {
            string line = await ChildProcess.RunAsync([TrialArgument, quick ? "quick" : "full"], ResultPrefix, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            double ratio = double.Parse(line, CultureInfo.InvariantCulture);
            ratios.Add(ratio);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// Sync ratio, process {i + 1}/{processes}: {ratio:F3}"));
        }

        return SyncRatioResult.Of(ratios);
    }

    /// <summary>The child: one process's median ratio, printed as <c>sync-ratio 0.987</c>.</summary>
    public static int RunTrial(bool quick)
    {
        using ChimeTracer tracer = BenchmarkTelemetry.SetUp(new AlwaysOnSampler());
        GeneratedRegistrar generated = new();
        HandWrittenRegistrar handWritten = new(tracer.InstrumentId, tracer.Pipeline, tracer.Site);
        SubjectCheck.SpansAreRecorded(tracer, () => generated.Register(EventId), () => handWritten.Register(EventId));

        int calls = quick ? 2_000 : 20_000;
        int rounds = quick ? 6 : 60;

        // Warm-up long enough for tiered compilation to reach its final code in both subjects.
        Stopwatch warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(quick ? 0.3 : 3))
        {
            BlockGenerated(generated, calls / 10);
            BlockHandWritten(handWritten, calls / 10);
        }

        List<double> perRound = [];
        for (int round = 0; round < rounds; round++)
        {
            double g, h;
            if (round % 2 == 0)
            {
                g = BlockGenerated(generated, calls);
                h = BlockHandWritten(handWritten, calls);
            }
            else
            {
                h = BlockHandWritten(handWritten, calls);
                g = BlockGenerated(generated, calls);
            }

            perRound.Add(g / h);
        }

        Console.WriteLine(ResultPrefix + " " + Median(perRound).ToString("F4", CultureInfo.InvariantCulture));
        return 0;
    }

    // Two copies of the same loop, so that each subject is called directly (no delegate or interface in between).
    private static double BlockGenerated(GeneratedRegistrar subject, int calls)
    {
        long started = Stopwatch.GetTimestamp();
        int sum = 0;
        for (int i = 0; i < calls; i++)
        {
            sum += subject.Register(EventId);
        }

        double elapsed = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        GC.KeepAlive(sum);
        return elapsed / calls;
    }

    private static double BlockHandWritten(HandWrittenRegistrar subject, int calls)
    {
        long started = Stopwatch.GetTimestamp();
        int sum = 0;
        for (int i = 0; i < calls; i++)
        {
            sum += subject.Register(EventId);
        }

        double elapsed = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        GC.KeepAlive(sum);
        return elapsed / calls;
    }

    internal static double Median(IReadOnlyList<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>Per-process ratios, their median and spread.</summary>
internal sealed record SyncRatioResult(IReadOnlyList<double> Ratios, double Median, double Lowest, double Highest, double LowerQuartile, double UpperQuartile)
{
    public static SyncRatioResult Of(IReadOnlyList<double> ratios)
    {
        double[] sorted = [.. ratios.Order()];
        return new SyncRatioResult(ratios, SyncRatioRun.Median(sorted), sorted[0], sorted[^1], Quantile(sorted, 0.25), Quantile(sorted, 0.75));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = (sorted.Length - 1) * q;
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
    }
}
