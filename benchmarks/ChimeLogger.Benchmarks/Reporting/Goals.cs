using System.Globalization;
using ChimeLogger.Benchmarks.Cases;

namespace ChimeLogger.Benchmarks.Reporting;

internal enum Verdict
{
    Pass,
    Miss,
    NotMeasured,
}

/// <summary>One overhead goal checked against one run.</summary>
/// <param name="Key">Stable key of the goal; <see cref="GoalNotes"/> explains misses by it.</param>
/// <param name="Goal">What is compared.</param>
/// <param name="Target">The goal as a bound.</param>
/// <param name="Measured">The value from this run.</param>
/// <param name="Verdict">PASS or MISS.</param>
/// <param name="Margin">By how much it passed or missed.</param>
/// <param name="WithinNoise">Whether the bound lies inside the 99.9% confidence range of the measured value.</param>
internal sealed record GoalOutcome(string Key, string Goal, string Target, string Measured, Verdict Verdict, string Margin, bool WithinNoise);

/// <summary>The overhead goals, as ratios of means (and differences, and bytes) from the same run.</summary>
internal static class Goals
{
    private const string Listening = nameof(ListeningBenchmarks);
    private const string NotSetUp = nameof(NotSetUpBenchmarks);
    private const string NotSampled = nameof(NotSampledBenchmarks);

    public static IReadOnlyList<GoalOutcome> Evaluate(IReadOnlyList<CaseResult> results)
    {
        Lookup find = new(results);
        List<GoalOutcome> goals = [];

        foreach ((string prefix, string label) in new[] { ("Sync", "sync"), ("Async", "async"), ("Later", "async, completes later") })
        {
            goals.Add(RatioAtMost($"listening-{prefix.ToLowerInvariant()}-time", $"Listening ({label}): generated / hand-written, time",
                find[Listening, prefix + "Generated"], find[Listening, prefix + "HandWritten"], 1.00));
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

        foreach ((string type, string key, string label) in new[] { (NotSetUp, "notsetup", "Not set up"), (NotSampled, "notsampled", "Set up, not sampled") })
        {
            foreach ((string prefix, string shape) in new[] { ("Sync", "sync"), ("Async", "async") })
            {
                goals.Add(NanosecondsOver($"{key}-{prefix.ToLowerInvariant()}-time", $"{label} ({shape}): generated - plain, time",
                    find[type, prefix + "Generated"], find[type, prefix + "Plain"], 2.0));
                goals.Add(NoExtraBytes($"{key}-{prefix.ToLowerInvariant()}-bytes", $"{label} ({shape}): generated - plain, bytes",
                    find[type, prefix + "Generated"], find[type, prefix + "Plain"]));
            }
        }

        goals.Add(RatioAtMost("log", "Log call in an operate span: enriched / plain, time",
            find[nameof(LoggingBenchmarks), nameof(LoggingBenchmarks.EnrichedLog)], find[nameof(LoggingBenchmarks), nameof(LoggingBenchmarks.PlainLog)], 1.25));

        goals.Add(RatioBelow("generator", "Generator: re-run after an unrelated edit / full run, time",
            find[nameof(GeneratorBenchmarks), nameof(GeneratorBenchmarks.RerunAfterUnrelatedEdit)], find[nameof(GeneratorBenchmarks), nameof(GeneratorBenchmarks.FullRun)], 0.05));
        return goals;
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

    private static GoalOutcome RatioBelow(string key, string goal, CaseResult? a, CaseResult? b, double limit)
    {
        if (a is null || b is null)
        {
            return Missing(key, goal, "< " + F2(limit));
        }

        double ratio = a.Mean / b.Mean;
        (double low, double high) = Range(a, b);
        bool pass = ratio < limit;
        string margin = pass
            ? string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:F2}% of a full run (limit {limit * 100:F0}%)")
            : string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:F2}% of a full run: {(ratio / limit):F1}x the limit");
        return new GoalOutcome(key, goal, "< " + F2(limit), string.Create(CultureInfo.InvariantCulture, $"{ratio:F4}"), pass ? Verdict.Pass : Verdict.Miss, margin, low <= limit && limit <= high);
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
