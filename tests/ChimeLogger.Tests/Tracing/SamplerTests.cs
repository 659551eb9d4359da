using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests.Tracing;

/// <summary>ChimeLoggerOptions.Sampler: asked before any Activity exists, its decision kept by the provider.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class SamplerTests
{
    [Fact]
    public void An_always_off_sampler_stops_listening_and_an_unsampled_operate_allocates_nothing()
    {
        using TelemetryHarness harness = new(configure: options => options.Sampler = new AlwaysOffSampler());
        using SourceCallbacks callbacks = new();

        Assert.False(harness.Tracer.IsListening);
        EmitUnsampled(harness.Tracer, 16); // warm up: first calls JIT-compile and fill caches
        long before = GC.GetAllocatedBytesForCurrentThread();
        EmitUnsampled(harness.Tracer, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, callbacks.Count);
        Assert.Empty(harness.Spans);
    }

    [Fact]
    public void A_ratio_sampler_that_drops_allocates_nothing_and_starts_no_activity()
    {
        // Ratio 0: every trace id falls outside, every span is dropped by the ratio test itself.
        using TelemetryHarness harness = new(configure: options => options.Sampler = new TraceIdRatioBasedSampler(0.0));
        using SourceCallbacks callbacks = new();

        Assert.True(harness.Tracer.IsListening);
        EmitUnsampled(harness.Tracer, 16);
        long before = GC.GetAllocatedBytesForCurrentThread();
        EmitUnsampled(harness.Tracer, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, callbacks.Count);
        Assert.Empty(harness.Spans);
    }

    [Fact]
    public void A_custom_sampler_is_asked_with_the_span_name_once_and_its_drop_returns_none()
    {
        NameSampler sampler = new(name => name == "noisy" ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
        using TelemetryHarness harness = new(configure: options => options.Sampler = sampler);
        using SourceCallbacks callbacks = new();

        EmitNoisy(harness.Tracer, 16);
        long before = GC.GetAllocatedBytesForCurrentThread();
        EmitNoisy(harness.Tracer, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(0, callbacks.Count);
        Assert.Equal(1016, sampler.Asked["noisy"]);

        using (HelixToken kept = harness.Tracer.Operate("register", "evt-1", "event"))
        {
            Assert.True(kept.IsRecording);
        }

        Activity span = harness.SingleSpan("register");
        Assert.Equal("evt-1", span.GetTagItem(HelixAttributes.EntityId));
        Assert.Equal(1, sampler.Asked["register"]); // asked by ChimeLogger, not again by the provider
        Assert.True(callbacks.Count > 0); // a kept span does reach the listeners: the count of 0 above is the drop's doing
    }

    [Fact]
    public void A_record_only_decision_records_the_span_for_processors_and_does_not_export_it()
    {
        NameSampler sampler = new(_ => SamplingDecision.RecordOnly);
        List<Activity> seen = [];
        using TelemetryHarness harness = new(configure: options =>
        {
            options.Sampler = sampler;
            options.ConfigureTracing += tracing => tracing.AddProcessor(new SeenProcessor(seen));
        });

        using (HelixToken token = harness.Tracer.Operate("register", "evt-2", "event"))
        {
            Assert.True(token.IsRecording);
            Assert.False(token.Activity!.Recorded);
        }

        Activity span = Assert.Single(seen);
        Assert.False(span.Recorded);
        Assert.True(span.IsAllDataRequested);
        Assert.Equal("evt-2", span.GetTagItem(HelixAttributes.EntityId));
        Assert.Empty(harness.Spans); // the exporting processor exports only recorded spans
        Assert.Equal(1, sampler.Asked["register"]);
    }

    [Fact]
    public void Attributes_of_the_decision_land_on_the_span()
    {
        NameSampler sampler = new(_ => SamplingDecision.RecordAndSample, [new("chime.sampled_by", "test")]);
        using TelemetryHarness harness = new(configure: options => options.Sampler = sampler);

        harness.Tracer.Operate("register", "evt-3", "event").Dispose();

        Assert.Equal("test", harness.SingleSpan("register").GetTagItem("chime.sampled_by"));
    }

    [Fact]
    public void Under_an_unsampled_operate_a_child_span_is_decided_as_a_root_and_logs_carry_the_configuration()
    {
        List<bool> childHadParent = [];
        NameSampler sampler = new(name => name == "register" ? SamplingDecision.Drop : SamplingDecision.RecordAndSample)
        {
            OnAsked = parameters => childHadParent.Add(parameters.ParentContext != default),
        };
        using TelemetryHarness harness = new(configure: options => options.Sampler = sampler);
        ILogger log = harness.Tracer.CreateLogger("CHIME.register");

        using (HelixToken operate = harness.Tracer.Operate("register", "evt-4", "event"))
        {
            Assert.Null(operate.Activity);
            log.LogInformation("inside the unsampled operate");
            using HelixToken child = harness.Tracer.ChildSpan("catalog-lookup");
            Assert.NotNull(child.Activity);
        }

        Assert.Equal([false, false], childHadParent); // the operate, then the child span: neither had a parent
        Activity childSpan = harness.SingleSpan("catalog-lookup");
        Assert.Equal(default, childSpan.ParentSpanId);
        Assert.Null(childSpan.GetTagItem(HelixAttributes.LogEntityId));
        Dictionary<string, object?> attributes = TelemetryHarness.Attributes(Assert.Single(harness.Logs));
        Assert.Equal("test-pipeline", attributes["pipeline"]);
        Assert.Equal("kko", attributes["site"]);
        Assert.False(attributes.ContainsKey("helix_entity_id"));
        Assert.False(attributes.ContainsKey("otel_trace_id"));
    }

    [Fact]
    public void A_sampled_create_is_asked_with_its_parent_and_links_and_joins_the_current_trace()
    {
        List<(ActivityContext Parent, int Links)> asked = [];
        NameSampler sampler = new(_ => SamplingDecision.RecordAndSample)
        {
            OnAsked = parameters => asked.Add((parameters.ParentContext, parameters.Links?.Count() ?? 0)),
        };
        using TelemetryHarness harness = new(configure: options => options.Sampler = sampler);

        using (harness.Tracer.Create("l0", "beam-1", "beam"))
        {
        }

        ActivityContext operateContext;
        using (HelixToken operate = harness.Tracer.Operate("classify", "evt-5", "event"))
        {
            operateContext = operate.Activity!.Context;
            using (harness.Tracer.Create("l1", "evt-5-l1", "event", "beam-1"))
            {
            }
        }

        Assert.Equal(3, asked.Count);
        Assert.Equal(operateContext, asked[2].Parent);
        Assert.Equal(1, asked[2].Links);
        Activity created = harness.SingleSpan("l1");
        Assert.Equal(operateContext.TraceId, created.TraceId);
        Assert.Equal(operateContext.SpanId, created.ParentSpanId);
    }

    [Fact]
    public void A_sampler_set_through_configure_tracing_still_decides()
    {
        using TelemetryHarness harness = new(configure: options =>
            options.ConfigureTracing += tracing => tracing.SetSampler(new AlwaysOffSampler()));

        using (HelixToken token = harness.Tracer.Operate("register", "evt-6", "event"))
        {
            Assert.False(token.IsRecording);
        }

        Assert.Empty(harness.Spans);
    }

    [Fact]
    public void A_later_setup_asking_for_another_sampler_is_warned_that_the_first_one_stays()
    {
        using TelemetryHarness harness = new(configure: options => options.Sampler = new AlwaysOffSampler());

        ChimeTracer second = ChimeTelemetry.Setup("test-pipeline", options =>
        {
            options.EnvironmentReader = _ => null;
            options.Site = "kko";
            options.Sampler = new AlwaysOnSampler();
        });

        Assert.False(second.IsListening); // the owner's always-off sampler is in effect
        string warning = Assert.Single(harness.Warnings.Select(w => w.FormattedMessage ?? ""), m => m.Contains("called again", StringComparison.Ordinal));
        Assert.Contains("Sampler (AlwaysOnSampler; not applied, in effect: AlwaysOffSampler)", warning, StringComparison.Ordinal);
    }

    private static void EmitUnsampled(ChimeTracer tracer, int count)
    {
        for (int i = 0; i < count; i++)
        {
            using HelixToken operate = tracer.Operate("register", "evt-0042", "event");
            using HelixToken child = tracer.ChildSpan("catalog-lookup");
            using HelixToken created = tracer.Create("l1-search", "beam-0042", "beam", parent: null);
            operate.SetAttribute("chime.snr", 12.5);
        }
    }

    private static void EmitNoisy(ChimeTracer tracer, int count)
    {
        for (int i = 0; i < count; i++)
        {
            using HelixToken operate = tracer.Operate("noisy", "evt-0042", "event");
            Assert.Null(operate.Activity);
        }
    }

    /// <summary>Decides by span name and counts how often each name was asked about.</summary>
    private sealed class NameSampler(Func<string, SamplingDecision> decide, IEnumerable<KeyValuePair<string, object>>? attributes = null) : Sampler
    {
        private readonly IEnumerable<KeyValuePair<string, object>>? _attributes = attributes?.ToList();

        public Dictionary<string, int> Asked { get; } = [];

        public Action<SamplingParameters>? OnAsked { get; init; }

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
        {
            string name = samplingParameters.Name;
            Asked[name] = Asked.GetValueOrDefault(name) + 1;
            OnAsked?.Invoke(samplingParameters);
            SamplingDecision decision = decide(name);
            return _attributes is null ? new SamplingResult(decision) : new SamplingResult(decision, _attributes);
        }
    }

    private sealed class SeenProcessor(List<Activity> seen) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => seen.Add(data);
    }

    /// <summary>Counts every listener callback for the ChimeLogger source (sampling and starts).</summary>
    private sealed class SourceCallbacks : IDisposable
    {
        private readonly ActivityListener _listener;
        private int _count;

        public SourceCallbacks()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == ChimeTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
                {
                    Interlocked.Increment(ref _count);
                    return ActivitySamplingResult.None;
                },
                ActivityStarted = _ => Interlocked.Increment(ref _count),
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
