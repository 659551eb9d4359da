namespace ChimeLogger.Benchmarks.Reporting;

/// <summary>The closing section of the report: what each case measures and how.</summary>
internal static class Methodology
{
    public const string Text = """
        ## What each case measures

        All subjects do the same small piece of real work (a checksum of the event id, a few nanoseconds) and return
        its result, so that the JIT can delete nothing; the subjects are in `benchmarks/ChimeLogger.Benchmarks/Subjects`.

        - **Plain**: the work with no telemetry (the baseline of each category).
        - **Generated**: `[Operate("register", ResourceType = "event")] public partial int Register([ResourceName] string eventId)`,
          implemented by the ChimeLogger source generator (it calls `ChimeTracer.Operate` and ends the span in `finally`;
          for `Task<T>` it ends it at once when the task is already complete, otherwise in a continuation).
        - **HandWritten**: the same span the idiomatic way: an `ActivitySource` with ChimeLogger's name (listened to by the
          same tracer provider), `StartActivity`, `SetTag` for each attribute ChimeLogger sets on an operate span
          (`helix.entity.is_operation`, `helix.entity.id`, `helix.instrument.id`, `chime.resource_type`, `chime.pipeline`,
          `chime.site`) behind `IsAllDataRequested`, an exception filter that records `helix.error`, and `Stop`;
          for `Task<T>` an `async` method.
        - **ManualApi**: `using HelixToken token = tel.Operate("register", eventId, "event")` with an exception filter.
        - **CastleProxy**: a Castle DynamicProxy interface proxy whose interceptor does the hand-written span's work; per-method
          metadata is cached and tasks are followed by a generic continuation compiled once.
        - Sync returns `int`; async returns a `Task<int>` that is already complete; "completes later" awaits `Task.Yield()`
          first, so the span must follow the task to its end. Those rows include a thread-pool hop per call: their spread
          is large (StdDev), a few slow hops move a mean, and their medians are the steadier comparison.

        Listening: `ChimeTelemetry.Setup` with OTLP export and the file log off, `AlwaysOnSampler` and a processor that receives
        every span and drops it; each benchmark's setup checks that every subject records exactly one span with all six
        attributes as strings. Not set up: `Setup` is never called in that process. Not sampled: `AlwaysOffSampler`, the
        source still listened to. Logging: one `LoggerMessage.Define` call inside an open operate span, through
        `tel.LoggerFactory` (enriched) or through a `LoggerFactory` built over the very same provider instances (the
        OpenTelemetry logger provider with ChimeLogger's severity processor and a dropping processor) without enrichment.
        Generator: 100 partial classes with ten instrumented methods each (`[Operate]` with a span attribute, async `[Create]`
        with parents and a cancellation token, `[ChildSpan]`), checked to generate 100 files that compile; the full run is a
        new driver on a new compilation, the re-run the long-lived driver on a new compilation in which one unrelated file
        alternates between two versions; "Roslyn floor" is a generator with the same three `ForAttributeWithMetadataName`
        calls and a trivial transform.

        Runtime change measured here: `ChimeTracer` stamps the attributes of a span it has just started with
        `Activity.AddTag` instead of `SetTag` (in `Operate`, `Create`, `ChildSpan`), which drops the search for an existing
        key that each `SetTag` does: six key searches on the hot path of every operate span. Nothing else writes
        ChimeLogger's keys on a span that young; `SetEntityId` still uses `SetTag`, since it replaces.

        Jobs: per-call cases 3 launches (processes) of 6 warm-up and 20 measured iterations of 250 ms each; generator cases 3 warm-up and
        12 measured iterations of at least 500 ms; the `--quick` smoke run uses BenchmarkDotNet's Dry job. Every case runs
        in its own process (ChimeLogger's tracer is a process singleton). Ratios in the goals are ratios of means; time
        goals in nanoseconds are differences of means.
        """;
}
