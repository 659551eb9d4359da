using System.Globalization;
using ChimeLogger.Benchmarks.Cases;

namespace ChimeLogger.Benchmarks.Reporting;

/// <summary>
/// The measured parts behind a goal, where the suite measures them apart (the analysis in docs/benchmarks.md refers to
/// these figures by goal): one line of figures, no explanation.
/// </summary>
internal static class GoalFigures
{
    public static IEnumerable<(string Goal, string Figures)> All(IReadOnlyList<CaseResult> cases)
    {
        double? Mean(string type, string method) => cases.FirstOrDefault(c => c.Type == type && c.Method == method)?.Mean;
        static string Ns(double value) => value.ToString("F1", CultureInfo.InvariantCulture) + " ns";
        static string Ms(double value) => (value / 1_000_000).ToString("F1", CultureInfo.InvariantCulture) + " ms";

        if (Mean(nameof(LoggingBenchmarks), nameof(LoggingBenchmarks.PlainLog)) is { } plain
            && Mean(nameof(LoggingBenchmarks), nameof(LoggingBenchmarks.EnrichmentPipelineOnly)) is { } pipeline
            && Mean(nameof(LoggingBenchmarks), nameof(LoggingBenchmarks.EnrichedLog)) is { } enriched)
        {
            yield return ("Enriched log", $"plain {Ns(plain)}; enrichment pipeline with an empty enricher +{Ns(pipeline - plain)}; "
                + $"ChimeLogger's enricher +{Ns(enriched - pipeline)} more (enriched {Ns(enriched)}); 1.15 x plain is {Ns(plain * 1.15)}");
        }

        if (Mean(nameof(GeneratorBenchmarks), nameof(GeneratorBenchmarks.FullRun)) is { } full
            && Mean(nameof(GeneratorBenchmarks), nameof(GeneratorBenchmarks.RerunAfterUnrelatedEdit)) is { } rerun
            && Mean(nameof(GeneratorBenchmarks), nameof(GeneratorBenchmarks.FloorRerunAfterUnrelatedEdit)) is { } floor)
        {
            string declaration = Mean(nameof(GeneratorBenchmarks), nameof(GeneratorBenchmarks.RerunAfterDeclarationEdit)) is { } d
                ? $"; re-run after a constant changed elsewhere {Ms(d)}"
                : string.Empty;
            yield return ("Generator", $"full run {Ms(full)}; re-run after a body edit elsewhere {Ms(rerun)} ({Percent(rerun / full)} of the full run); "
                + $"Roslyn floor re-run {Ms(floor)} ({Percent(floor / full)}); 1.2 x the floor is {Ms(floor * 1.2)}{declaration}");
        }

        foreach ((string prefix, string label) in new[] { ("Sync", "sync"), ("Async", "async"), ("Later", "async, completes later") })
        {
            if (Mean(nameof(ListeningBenchmarks), prefix + "Plain") is { } p
                && Mean(nameof(ListeningBenchmarks), prefix + "HandWritten") is { } hand
                && Mean(nameof(ListeningBenchmarks), prefix + "Generated") is { } generated
                && Mean(nameof(ListeningBenchmarks), prefix + "CastleProxy") is { } castle)
            {
                string manual = Mean(nameof(ListeningBenchmarks), prefix + "ManualApi") is { } m ? $", manual API {Ns(m)}" : string.Empty;
                yield return ($"Listening ({label})", $"plain {Ns(p)}, hand-written span {Ns(hand)}, generated {Ns(generated)}{manual}, Castle proxy {Ns(castle)}; "
                    + $"over plain: proxy +{Ns(castle - p)}, generated +{Ns(generated - p)}");
            }
        }

        foreach ((string type, string label) in new[] { (nameof(NotSampledBenchmarks), "`AlwaysOffSampler` option"), (nameof(DroppingSamplerBenchmarks), "Dropping sampler") })
        {
            if (Mean(type, "SyncPlain") is { } p && Mean(type, "SyncGenerated") is { } g)
            {
                yield return (label + " (sync)", $"plain {Ns(p)}, generated {Ns(g)} (+{Ns(g - p)})");
            }
        }
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";
}
