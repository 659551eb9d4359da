using System.Globalization;
using ChimeLogger.Benchmarks.Burst;
using ChimeLogger.Benchmarks.Cases;
using ChimeLogger.Benchmarks.Ceiling;
using ChimeLogger.Benchmarks.Interleaved;

namespace ChimeLogger.Benchmarks.Reporting;

internal enum Verdict
{
    Pass,
    Miss,
    NotMeasured,
    Reported,
}

/// <summary>One overhead goal checked against one run.</summary>
/// <param name="Key">Stable key of the goal.</param>
/// <param name="Goal">What is compared.</param>
/// <param name="Target">The goal as a bound.</param>
/// <param name="Measured">The value from this run.</param>
/// <param name="Verdict">PASS or MISS.</param>
/// <param name="Margin">By how much it passed or missed.</param>
/// <param name="WithinNoise">Whether the bound lies inside the 99.9% confidence range of the measured value.</param>
internal sealed record GoalOutcome(string Key, string Goal, string Target, string Measured, Verdict Verdict, string Margin, bool WithinNoise)
{
    /// <summary>The anchor of the hand-written analysis of this goal in docs/benchmarks.md.</summary>
    public string Analysis => Goals.AnalysisAnchor(Key);
}

/// <summary>The overhead goals, as ratios of means (and differences, and bytes) from the same run.</summary>
internal static class Goals
{
    private const string Listening = nameof(ListeningBenchmarks);
    private const string NotSetUp = nameof(NotSetUpBenchmarks);
    private const string NotSampled = nameof(NotSampledBenchmarks);
    private const string Dropping = nameof(DroppingSamplerBenchmarks);

    public static IReadOnlyList<GoalOutcome> Evaluate(RunRecord run)
    {
        IReadOnlyList<CaseResult> results = run.Cases;
        Lookup find = new(results);
        List<GoalOutcome> goals = [];

        foreach ((string prefix, string label) in new[] { ("Sync", "sync"), ("Async", "async"), ("Later", "async, completes later") })
        {
            GoalOutcome time = RatioAtMost($"listening-{prefix.ToLowerInvariant()}-time", $"Listening ({label}): generated / hand-written, time",
                find[Listening, prefix + "Generated"], find[Listening, prefix + "HandWritten"], 1.00);
            goals.Add(AsReported(time, "decided by the interleaved run below"));
            goals.Add(BytesAtMost($"listening-{prefix.ToLowerInvariant()}-bytes", $"Listening ({label}): generated vs hand-written, bytes",
                find[Listening, prefix + "Generated"], find[Listening, prefix + "HandWritten"]));
        }

        foreach ((string prefix, string label) in new[] { ("Sync", "sync"), ("Async", "async") })
        {
            goals.Add(RatioAtMost($"manual-{prefix.ToLowerInvariant()}", $"Listening ({label}): manual API / hand-written, time",
                find[Listening, prefix + "ManualApi"], find[Listening, prefix + "HandWritten"], 1.10));
        }

        foreach ((string prefix, string label) in new[] { ("Sync", "sync"), ("Async", "async"), ("Later", "async, completes later") })
        {
            goals.Add(RatioAtLeast($"castle-{prefix.ToLowerInvariant()}", $"Listening ({label}): Castle DynamicProxy / generated, time",
                find[Listening, prefix + "CastleProxy"], find[Listening, prefix + "Generated"], 1.30));
        }

        foreach ((string prefix, string shape) in new[] { ("Sync", "sync"), ("Async", "async") })
        {
            string lower = prefix.ToLowerInvariant();
            goals.Add(NanosecondsOver($"notsetup-{lower}-time", $"Not set up ({shape}): generated - plain, time",
                find[NotSetUp, prefix + "Generated"], find[NotSetUp, prefix + "Plain"], 2.0));
            goals.Add(NoExtraBytes($"notsetup-{lower}-bytes", $"Not set up ({shape}): generated - plain, bytes",
                find[NotSetUp, prefix + "Generated"], find[NotSetUp, prefix + "Plain"]));
            goals.Add(OverheadOver($"notsampled-{lower}-time", $"`AlwaysOffSampler` option ({shape}): overhead over plain minus the not-set-up overhead, time",
                find[NotSampled, prefix + "Generated"], find[NotSampled, prefix + "Plain"], find[NotSetUp, prefix + "Generated"], find[NotSetUp, prefix + "Plain"], 2.0));
            goals.Add(NoExtraBytes($"notsampled-{lower}-bytes", $"`AlwaysOffSampler` option ({shape}): generated - plain, bytes",
                find[NotSampled, prefix + "Generated"], find[NotSampled, prefix + "Plain"]));
            goals.Add(NoExtraBytes($"dropping-{lower}-bytes", $"Dropping sampler, `TraceIdRatioBasedSampler(0)` ({shape}): generated - plain, bytes",
                find[Dropping, prefix + "Generated"], find[Dropping, prefix + "Plain"]));
        }

        goals.Add(RatioAtMost("log", "Log call in an operate span: enriched / plain, time",
            find[nameof(LoggingBenchmarks), nameof(LoggingBenchmarks.EnrichedLog)], find[nameof(LoggingBenchmarks), nameof(LoggingBenchmarks.PlainLog)], 1.15));

        goals.Add(RatioAtMost("generator", "Generator: re-run after an unrelated edit / Roslyn floor re-run, time",
            find[nameof(GeneratorBenchmarks), nameof(GeneratorBenchmarks.RerunAfterUnrelatedEdit)], find[nameof(GeneratorBenchmarks), nameof(GeneratorBenchmarks.FloorRerunAfterUnrelatedEdit)], 1.20));

        goals.Add(InterleavedRatio("sync-interleaved", "sync", run.SyncRatio));
        goals.Add(InterleavedRatio("async-interleaved", "async", run.AsyncRatio));
        goals.Add(InterleavedRatio("later-interleaved", "async, completes later", run.LaterRatio));
        goals.AddRange(BurstGoals(run.Burst));
        goals.AddRange(CeilingGoals(run.Ceiling));
        return goals;
    }

    /// <summary>Goals decided elsewhere keep their row, marked as reported (the generated / hand-written time ratios: by the interleaved runs).</summary>
    private static GoalOutcome AsReported(GoalOutcome goal, string why) =>
        goal with { Verdict = goal.Verdict == Verdict.NotMeasured ? Verdict.NotMeasured : Verdict.Reported, Target = goal.Target + " (" + why + ")", WithinNoise = false };

    private static GoalOutcome InterleavedRatio(string key, string shape, InterleavedRatioResult? ratio)
    {
        string goal = $"Listening ({shape}): generated / hand-written, time, median over interleaved processes";
        if (ratio is null)
        {
            return Missing(key, goal, "<= 1.00 at the median");
        }

        bool pass = ratio.Median <= 1.00;
        string margin = string.Create(CultureInfo.InvariantCulture,
            $"{ratio.Ratios.Count} processes: quartiles {ratio.LowerQuartile:F3} to {ratio.UpperQuartile:F3}, range {ratio.Lowest:F3} to {ratio.Highest:F3}");
        return new GoalOutcome(key, goal, "<= 1.00 at the median", F3(ratio.Median), pass ? Verdict.Pass : Verdict.Miss, margin,
            ratio.LowerQuartile <= 1.00 && 1.00 <= ratio.UpperQuartile);
    }

    private static IEnumerable<GoalOutcome> BurstGoals(BurstResult? burst)
    {
        foreach ((string receiver, string key) in new[] { ("discarding receiver", "burst-discarding"), ("Aspire dashboard", "burst-dashboard") })
        {
            string goal = $"Burst of 10,000 operate spans right after `Setup`, default options, to the {receiver}: lost";
            List<BurstTrialResult> trials = burst?.Trials.Where(t => t.Receiver == receiver).ToList() ?? [];
            if (trials.Count == 0)
            {
                yield return Missing(key, goal, "0");
                continue;
            }

            long lost = trials.Sum(static t => t.Dropped + t.Failed + (t.Spans - t.Exported - t.Dropped - t.Failed));
            string margin = string.Join("; ", trials.Select(static t => string.Create(CultureInfo.InvariantCulture,
                $"exported {t.Exported:N0}, dropped {t.Dropped:N0}{(t.InReceiver is { } held ? $", {held:N0} held by the receiver" : string.Empty)}, emitted in {t.EmitMilliseconds:N0} ms, drained in {t.DrainMilliseconds:N0} ms")));
            bool heldAll = trials.All(static t => t.InReceiver is null || t.InReceiver == t.Spans);
            yield return new GoalOutcome(key, goal, "0", string.Create(CultureInfo.InvariantCulture, $"{lost:N0} in {trials.Count} run(s)"),
                lost == 0 && heldAll ? Verdict.Pass : Verdict.Miss, margin, false);
        }

        if (burst?.Memory.FirstOrDefault(static m => m.QueueSize == ChimeLoggerOptions.DefaultExportQueueSize) is { } full)
        {
            yield return new GoalOutcome("queue-memory", "Memory of full export queues at the default size (spans and log records)", "report (README)",
                string.Create(CultureInfo.InvariantCulture, $"+{Mib(full.HeapFull - full.HeapBefore)} managed heap"),
                Verdict.Reported, string.Create(CultureInfo.InvariantCulture, $"peak working set {Mib(full.PeakWorkingSet)} (from {Mib(full.WorkingSetBefore)})"), false);
        }
    }

    private static IEnumerable<GoalOutcome> CeilingGoals(CeilingResult? ceiling)
    {
        foreach ((string kind, string key) in new[] { (CeilingResult.Spans, "spans"), (CeilingResult.LogRecords, "logs") })
        {
            double? chimeRate = ceiling?.Median(CeilingResult.ChimeLogger, kind, static t => t.ItemsPerSecond);
            double? plainRate = ceiling?.Median(CeilingResult.PlainOpenTelemetry, kind, static t => t.ItemsPerSecond);
            double? chimeCpu = ceiling?.Median(CeilingResult.ChimeLogger, kind, static t => t.CpuMicrosecondsPerItem);
            double? plainCpu = ceiling?.Median(CeilingResult.PlainOpenTelemetry, kind, static t => t.CpuMicrosecondsPerItem);
            string rateGoal = $"Export ceiling, {kind}: ChimeLogger / plain OpenTelemetry, {kind} per second drained (medians)";
            string cpuGoal = $"Export ceiling, {kind}: ChimeLogger / plain OpenTelemetry, CPU per item in the exporting process (medians)";
            if (chimeRate is not { } cr || plainRate is not { } pr || chimeCpu is not { } cc || plainCpu is not { } pc)
            {
                yield return Missing($"ceiling-{key}-rate", rateGoal, ">= 0.95");
                yield return Missing($"ceiling-{key}-cpu", cpuGoal, "<= 1.05");
                continue;
            }

            double rate = cr / pr;
            double cpu = cc / pc;
            yield return new GoalOutcome($"ceiling-{key}-rate", rateGoal, ">= 0.95", F3(rate), rate >= 0.95 ? Verdict.Pass : Verdict.Miss,
                string.Create(CultureInfo.InvariantCulture, $"{cr:N0}/s vs {pr:N0}/s"), false);
            yield return new GoalOutcome($"ceiling-{key}-cpu", cpuGoal, "<= 1.05", F3(cpu), cpu <= 1.05 ? Verdict.Pass : Verdict.Miss,
                string.Create(CultureInfo.InvariantCulture, $"{cc:F2} us vs {pc:F2} us per item"), false);
        }
    }

    /// <summary>The section of docs/benchmarks.md that explains a goal (its causes, and what would close a miss).</summary>
    public static string AnalysisAnchor(string key) => key switch
    {
        _ when key.StartsWith("listening-", StringComparison.Ordinal) => "why-listening",
        _ when key.StartsWith("manual-", StringComparison.Ordinal) => "why-manual-api",
        _ when key.StartsWith("castle-", StringComparison.Ordinal) => "why-castle",
        _ when key.StartsWith("notsetup-", StringComparison.Ordinal) => "why-not-set-up",
        _ when key.StartsWith("notsampled-", StringComparison.Ordinal) || key.StartsWith("dropping-", StringComparison.Ordinal) => "why-sampling",
        "log" => "why-log",
        "generator" => "why-generator",
        "sync-interleaved" or "async-interleaved" or "later-interleaved" => "why-interleaved",
        _ when key.StartsWith("burst-", StringComparison.Ordinal) || key == "queue-memory" => "why-burst",
        _ when key.StartsWith("ceiling-", StringComparison.Ordinal) => "why-ceiling",
        _ => "why-dashboard",
    };

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

    private static GoalOutcome OverheadOver(string key, string goal, CaseResult? a, CaseResult? aPlain, CaseResult? b, CaseResult? bPlain, double limit)
    {
        if (a is null || aPlain is null || b is null || bPlain is null)
        {
            return Missing(key, goal, "<= " + F2(limit) + " ns");
        }

        double mine = a.Mean - aPlain.Mean;
        double theirs = b.Mean - bPlain.Mean;
        double over = mine - theirs;
        double low = (a.Lower - aPlain.Upper) - (b.Upper - bPlain.Lower);
        double high = (a.Upper - aPlain.Lower) - (b.Lower - bPlain.Upper);
        bool pass = over <= limit;
        string margin = string.Create(CultureInfo.InvariantCulture,
            $"{mine:F2} ns over plain vs {theirs:F2} ns not set up ({a.Mean:F2} / {aPlain.Mean:F2} ns, {b.Mean:F2} / {bPlain.Mean:F2} ns)");
        return new GoalOutcome(key, goal, "<= " + F2(limit) + " ns", string.Create(CultureInfo.InvariantCulture, $"{over:F2} ns"),
            pass ? Verdict.Pass : Verdict.Miss, margin, low <= limit && limit <= high);
    }

    private static GoalOutcome RatioAtMost(string key, string goal, CaseResult? a, CaseResult? b, double limit)
    {
        if (a is null || b is null)
        {
            return Missing(key, goal, "<= " + F2(limit));
        }

        double ratio = a.Mean / b.Mean;
        (double low, double high) = Range(a, b);
        bool pass = ratio <= limit;
        string margin = pass
            ? Percent((limit - ratio) / limit) + " under the limit"
            : Percent((ratio - limit) / limit) + " over the limit";
        return new GoalOutcome(key, goal, "<= " + F2(limit), F3(ratio), pass ? Verdict.Pass : Verdict.Miss, margin, low <= limit && limit <= high);
    }

    private static GoalOutcome RatioAtLeast(string key, string goal, CaseResult? slower, CaseResult? faster, double limit)
    {
        if (slower is null || faster is null)
        {
            return Missing(key, goal, ">= " + F2(limit));
        }

        double ratio = slower.Mean / faster.Mean;
        (double low, double high) = Range(slower, faster);
        bool pass = ratio >= limit;
        string margin = pass
            ? "generated is " + F2(ratio) + "x faster"
            : "generated is only " + F2(ratio) + "x faster; " + Percent((limit - ratio) / limit) + " short";
        return new GoalOutcome(key, goal, ">= " + F2(limit), F3(ratio), pass ? Verdict.Pass : Verdict.Miss, margin, low <= limit && limit <= high);
    }

    private static GoalOutcome NanosecondsOver(string key, string goal, CaseResult? a, CaseResult? b, double limit)
    {
        if (a is null || b is null)
        {
            return Missing(key, goal, "<= " + F2(limit) + " ns");
        }

        double over = a.Mean - b.Mean;
        double low = a.Lower - b.Upper;
        double high = a.Upper - b.Lower;
        bool pass = over <= limit;
        string margin = pass
            ? string.Create(CultureInfo.InvariantCulture, $"{over:F2} ns over plain ({a.Mean:F2} vs {b.Mean:F2} ns)")
            : string.Create(CultureInfo.InvariantCulture, $"{over:F2} ns over plain ({a.Mean:F2} vs {b.Mean:F2} ns): {over - limit:F2} ns more than allowed");
        return new GoalOutcome(key, goal, "<= " + F2(limit) + " ns", string.Create(CultureInfo.InvariantCulture, $"{over:F2} ns"),
            pass ? Verdict.Pass : Verdict.Miss, margin, low <= limit && limit <= high);
    }

    private static GoalOutcome BytesAtMost(string key, string goal, CaseResult? a, CaseResult? b)
    {
        if (a?.Allocated is not long mine || b?.Allocated is not long theirs)
        {
            return Missing(key, goal, "<= hand-written");
        }

        bool pass = mine <= theirs;
        string margin = string.Create(CultureInfo.InvariantCulture, $"{mine} B vs {theirs} B ({mine - theirs:+#;-#;0} B)");
        return new GoalOutcome(key, goal, "<= hand-written", string.Create(CultureInfo.InvariantCulture, $"{mine} B"), pass ? Verdict.Pass : Verdict.Miss, margin, false);
    }

    private static GoalOutcome NoExtraBytes(string key, string goal, CaseResult? a, CaseResult? b)
    {
        if (a?.Allocated is not long mine || b?.Allocated is not long plain)
        {
            return Missing(key, goal, "0 B");
        }

        long extra = mine - plain;
        string margin = plain == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{mine} B per call")
            : string.Create(CultureInfo.InvariantCulture, $"{mine} B vs {plain} B for the plain call (its own Task<int>)");
        return new GoalOutcome(key, goal, "0 B", string.Create(CultureInfo.InvariantCulture, $"{extra} B"), extra <= 0 ? Verdict.Pass : Verdict.Miss, margin, false);
    }

    private static GoalOutcome Missing(string key, string goal, string target) =>
        new(key, goal, target, "not measured", Verdict.NotMeasured, "a case of this goal did not run or failed", false);

    /// <summary>The range of a / b over both 99.9% confidence intervals.</summary>
    private static (double Low, double High) Range(CaseResult a, CaseResult b) =>
        (a.Lower / Math.Max(b.Upper, double.Epsilon), a.Upper / Math.Max(b.Lower, double.Epsilon));

    private static string F2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static string F3(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private sealed class Lookup(IReadOnlyList<CaseResult> results)
    {
        public CaseResult? this[string type, string method] =>
            results.FirstOrDefault(r => r.Type == type && r.Method == method);
    }
}
