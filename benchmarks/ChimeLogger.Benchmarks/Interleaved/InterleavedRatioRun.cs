using System.Diagnostics;
using System.Globalization;
using ChimeLogger.Benchmarks.Cases;
using ChimeLogger.Benchmarks.Subjects;
using OpenTelemetry.Trace;

namespace ChimeLogger.Benchmarks.Interleaved;

/// <summary>The call shape an interleaved ratio is measured on.</summary>
internal enum RatioShape
{
    /// <summary><c>int Register(string)</c>.</summary>
    Sync,

    /// <summary><c>Task&lt;int&gt; RegisterAsync(string)</c>, completed when it returns.</summary>
    Async,

    /// <summary><c>Task&lt;int&gt; RegisterLaterAsync(string)</c>, which completes after a hop to the thread pool.</summary>
    Later,
}

/// <summary>
/// The generated / hand-written time ratio of one call shape, measured so that noise cannot decide it: several fresh
/// processes, each timing the two subjects in alternating short blocks (the order swapped every round) and reporting
/// the median of its per-round ratios; the result is the median over the processes with their spread. A load that
/// comes and goes during a run slows both subjects of a round alike, which a BenchmarkDotNet run, timing one subject
/// after the other, cannot offer.
/// </summary>
internal static class InterleavedRatioRun
{
    public const string TrialArgument = "--ratio-trial";
    private const string ResultPrefix = "ratio";
    private const string EventId = "evt-2026-000042";

    public static async Task<InterleavedRatioResult> MeasureAsync(RatioShape shape, bool quick, TextWriter log)
    {
        int processes = quick ? 2 : 9;
        List<double> ratios = [];
        for (int i = 0; i < processes; i++)
        {
            string line = await ChildProcess.RunAsync([TrialArgument, Name(shape), quick ? "quick" : "full"], ResultPrefix, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            double ratio = double.Parse(line, CultureInfo.InvariantCulture);
            ratios.Add(ratio);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {shape} ratio, process {i + 1}/{processes}: {ratio:F3}"));
        }

        return InterleavedRatioResult.Of(ratios);
    }

    /// <summary>The child: one process's median ratio, printed as <c>ratio 0.987</c>.</summary>
    public static int RunTrial(string shapeName, bool quick)
    {
        RatioShape shape = shapeName switch
        {
            "sync" => RatioShape.Sync,
            "async" => RatioShape.Async,
            "later" => RatioShape.Later,
            _ => throw new ArgumentException($"Unknown call shape '{shapeName}': expected sync, async or later.", nameof(shapeName)),
        };

        using ChimeTracer tracer = BenchmarkTelemetry.SetUp(new AlwaysOnSampler());
        GeneratedRegistrar generated = new();
        HandWrittenRegistrar handWritten = new(tracer.InstrumentId, tracer.Pipeline, tracer.Site);
        SubjectCheck.SpansAreRecorded(tracer, () => generated.Register(EventId), () => handWritten.Register(EventId));
        SubjectCheck.SpansAreRecorded(tracer, () => generated.RegisterAsync(EventId).GetAwaiter().GetResult(), () => handWritten.RegisterAsync(EventId).GetAwaiter().GetResult());

        Func<int, double> timeGenerated = shape switch
        {
            RatioShape.Sync => calls => BlockGenerated(generated, calls),
            RatioShape.Async => calls => BlockGeneratedAsync(generated, calls),
            _ => calls => BlockGeneratedLater(generated, calls),
        };
        Func<int, double> timeHandWritten = shape switch
        {
            RatioShape.Sync => calls => BlockHandWritten(handWritten, calls),
            RatioShape.Async => calls => BlockHandWrittenAsync(handWritten, calls),
            _ => calls => BlockHandWrittenLater(handWritten, calls),
        };

        // A call that hops to the thread pool takes microseconds rather than hundreds of nanoseconds: fewer per block.
        int calls = (quick ? 2_000 : 20_000) / (shape == RatioShape.Later ? 10 : 1);
        int rounds = quick ? 6 : 60;

        // Warm-up long enough for tiered compilation to reach its final code in both subjects.
        Stopwatch warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(quick ? 0.3 : 3))
        {
            timeGenerated(calls / 10);
            timeHandWritten(calls / 10);
        }

        List<double> perRound = [];
        for (int round = 0; round < rounds; round++)
        {
            double g, h;
            if (round % 2 == 0)
            {
                g = timeGenerated(calls);
                h = timeHandWritten(calls);
            }
            else
            {
                h = timeHandWritten(calls);
                g = timeGenerated(calls);
            }

            perRound.Add(g / h);
        }

        Console.WriteLine(ResultPrefix + " " + Median(perRound).ToString("F4", CultureInfo.InvariantCulture));
        return 0;
    }

    internal static double Median(IReadOnlyList<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Name(RatioShape shape) => shape switch
    {
        RatioShape.Sync => "sync",
        RatioShape.Async => "async",
        _ => "later",
    };

    // One loop per subject and shape, so that each subject is called directly inside its timed loop (the delegate
    // above is called once per block, not per call).
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

    // The task is complete when it is returned (as in the BenchmarkDotNet async case), so reading its result never blocks.
    private static double BlockGeneratedAsync(GeneratedRegistrar subject, int calls)
    {
        long started = Stopwatch.GetTimestamp();
        int sum = 0;
        for (int i = 0; i < calls; i++)
        {
            sum += subject.RegisterAsync(EventId).GetAwaiter().GetResult();
        }

        double elapsed = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        GC.KeepAlive(sum);
        return elapsed / calls;
    }

    private static double BlockHandWrittenAsync(HandWrittenRegistrar subject, int calls)
    {
        long started = Stopwatch.GetTimestamp();
        int sum = 0;
        for (int i = 0; i < calls; i++)
        {
            sum += subject.RegisterAsync(EventId).GetAwaiter().GetResult();
        }

        double elapsed = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        GC.KeepAlive(sum);
        return elapsed / calls;
    }

    // The task completes on a thread-pool thread; this thread waits for it, the same wait for both subjects.
    private static double BlockGeneratedLater(GeneratedRegistrar subject, int calls)
    {
        long started = Stopwatch.GetTimestamp();
        int sum = 0;
        for (int i = 0; i < calls; i++)
        {
            sum += subject.RegisterLaterAsync(EventId).GetAwaiter().GetResult();
        }

        double elapsed = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        GC.KeepAlive(sum);
        return elapsed / calls;
    }

    private static double BlockHandWrittenLater(HandWrittenRegistrar subject, int calls)
    {
        long started = Stopwatch.GetTimestamp();
        int sum = 0;
        for (int i = 0; i < calls; i++)
        {
            sum += subject.RegisterLaterAsync(EventId).GetAwaiter().GetResult();
        }

        double elapsed = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        GC.KeepAlive(sum);
        return elapsed / calls;
    }
}

/// <summary>Per-process ratios, their median and spread.</summary>
internal sealed record InterleavedRatioResult(IReadOnlyList<double> Ratios, double Median, double Lowest, double Highest, double LowerQuartile, double UpperQuartile)
{
    public static InterleavedRatioResult Of(IReadOnlyList<double> ratios)
    {
        double[] sorted = [.. ratios.Order()];
        return new InterleavedRatioResult(ratios, InterleavedRatioRun.Median(sorted), sorted[0], sorted[^1], Quantile(sorted, 0.25), Quantile(sorted, 0.75));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = (sorted.Length - 1) * q;
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
    }
}
