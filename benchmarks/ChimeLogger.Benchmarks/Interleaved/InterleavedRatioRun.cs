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
            RatioShape.Sync => calls => Block(new GeneratedSync(generated), calls),
            RatioShape.Async => calls => Block(new GeneratedAsync(generated), calls),
            _ => calls => Block(new GeneratedLater(generated), calls),
        };
        Func<int, double> timeHandWritten = shape switch
        {
            RatioShape.Sync => calls => Block(new HandWrittenSync(handWritten), calls),
            RatioShape.Async => calls => Block(new HandWrittenAsync(handWritten), calls),
            _ => calls => Block(new HandWrittenLater(handWritten), calls),
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

    // The timed loop, compiled once per call struct: the JIT specialises a generic method for each value type, so the
    // subject is called directly inside the loop, with no delegate or interface call per iteration.
    private static double Block<TCall>(TCall call, int calls)
        where TCall : struct, ICall
    {
        long started = Stopwatch.GetTimestamp();
        int sum = 0;
        for (int i = 0; i < calls; i++)
        {
            sum += call.Invoke();
        }

        double elapsed = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        GC.KeepAlive(sum);
        return elapsed / calls;
    }

    private interface ICall
    {
        int Invoke();
    }

    private readonly struct GeneratedSync(GeneratedRegistrar subject) : ICall
    {
        public int Invoke() => subject.Register(EventId);
    }

    private readonly struct HandWrittenSync(HandWrittenRegistrar subject) : ICall
    {
        public int Invoke() => subject.Register(EventId);
    }

    // The task is complete when it is returned (as in the BenchmarkDotNet async case), so reading its result never blocks.
    private readonly struct GeneratedAsync(GeneratedRegistrar subject) : ICall
    {
        public int Invoke() => subject.RegisterAsync(EventId).GetAwaiter().GetResult();
    }

    private readonly struct HandWrittenAsync(HandWrittenRegistrar subject) : ICall
    {
        public int Invoke() => subject.RegisterAsync(EventId).GetAwaiter().GetResult();
    }

    // The task completes on a thread-pool thread; this thread waits for it, the same wait for both subjects.
    private readonly struct GeneratedLater(GeneratedRegistrar subject) : ICall
    {
        public int Invoke() => subject.RegisterLaterAsync(EventId).GetAwaiter().GetResult();
    }

    private readonly struct HandWrittenLater(HandWrittenRegistrar subject) : ICall
    {
        public int Invoke() => subject.RegisterLaterAsync(EventId).GetAwaiter().GetResult();
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
