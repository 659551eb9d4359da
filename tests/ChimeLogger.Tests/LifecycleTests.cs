using System.Diagnostics;
using ChimeLogger.Tracing;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests;

[Collection(TelemetryCollection.Name)]
public sealed class LifecycleTests
{
    [Fact]
    public void GetTracer_is_null_before_setup_and_the_singleton_after()
    {
        Assert.Null(ChimeTelemetry.GetTracer());

        using TelemetryHarness harness = new();

        Assert.Same(harness.Tracer, ChimeTelemetry.GetTracer());
        Assert.Same(harness.Tracer, ChimeTelemetry.Tracer);

        // A later Setup gets a handle on the same tracer, not a second one (the process tracer stays the first).
        ChimeTracer later = ChimeTelemetry.Setup("another-pipeline");
        Assert.False(later.IsOwner);
        Assert.Equal("test-pipeline", later.Pipeline);
        Assert.Same(harness.Tracer, ChimeTelemetry.GetTracer());
    }

    [Fact]
    public void Setup_after_dispose_works_again()
    {
        using (new TelemetryHarness(pipeline: "first"))
        {
        }

        Assert.Null(ChimeTelemetry.GetTracer());

        using TelemetryHarness second = new(pipeline: "second");
        second.Tracer.Operate("register", "event-1", "event").Complete();

        Assert.Equal("second", second.SingleSpan("register").GetTagItem(HelixAttributes.Pipeline));
        Assert.True(second.Tracer.IsListening);
    }

    [Fact]
    public void Dispose_is_idempotent_and_stops_listening()
    {
        TelemetryHarness harness = new();
        ChimeTracer tracer = harness.Tracer;

        harness.Dispose();
        tracer.Dispose();

        Assert.False(tracer.IsListening);
        Assert.Null(ChimeTelemetry.GetTracer());
    }

    [Fact]
    public void The_resource_names_the_service_instrument_and_process()
    {
        using TelemetryHarness harness = new(pipeline: "datatrail-registration");

        Resource resource = harness.Tracer.TracerProvider!.GetResource();
        Dictionary<string, object> attributes = resource.Attributes.ToDictionary(pair => pair.Key, pair => pair.Value);

        Assert.Equal("chime.datatrail-registration", attributes["service.name"]);
        Assert.Equal("CHIME", attributes[HelixAttributes.InstrumentId]);
        Assert.Equal("CHIME/datatrail-registration", attributes[HelixAttributes.ProcessName]);
    }

    [Fact]
    public void Service_process_and_instrument_names_can_be_set_in_code()
    {
        using TelemetryHarness harness = new(configure: options =>
        {
            options.ServiceName = "frb-l4";
            options.ProcessName = "CHIME/l4-actions";
            options.InstrumentId = "CHIME-OUTRIGGER";
        });

        harness.Tracer.Create("ingest", "block-1", "raw_data").Complete();

        Activity span = harness.SingleSpan("ingest");
        Assert.Equal("CHIME/l4-actions", span.GetTagItem(HelixAttributes.ProcessName));
        Assert.Equal("CHIME-OUTRIGGER", span.GetTagItem(HelixAttributes.InstrumentId));
        Assert.Equal("frb-l4", harness.Tracer.ServiceName);
    }

    [Fact]
    public void The_parent_store_is_bounded_and_evicts_the_oldest_first()
    {
        ParentStore store = new(capacity: 3);
        ActivityContext Context() => new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        store.Add("a", Context());
        store.Add("b", Context());
        store.Add("c", Context());
        store.Add("a", Context());
        store.Add("d", Context());

        Assert.Equal(3, store.Count);
        Assert.False(store.TryGet("a", out _));
        Assert.True(store.TryGet("b", out _));
        Assert.True(store.TryGet("c", out _));
        Assert.True(store.TryGet("d", out _));
    }

    [Fact]
    public void The_parent_store_holds_ten_thousand_entries_by_default()
    {
        ParentStore store = new();
        ActivityContext context = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        for (int i = 0; i < ParentStore.DefaultCapacity + 500; i++)
        {
            store.Add("beam-" + i, context);
        }

        Assert.Equal(10_000, ParentStore.DefaultCapacity);
        Assert.Equal(ParentStore.DefaultCapacity, store.Count);
        Assert.False(store.TryGet("beam-499", out _));
        Assert.True(store.TryGet("beam-500", out _));
    }

    [Fact]
    public void Flush_exports_what_a_batch_processor_holds()
    {
        List<Activity> exported = [];
        using TelemetryHarness harness = new(configure: options =>
            options.ConfigureTracing = tracing => tracing.AddProcessor(
                new BatchActivityExportProcessor(new OpenTelemetry.Exporter.InMemoryExporter<Activity>(exported), scheduledDelayMilliseconds: 60_000)));

        harness.Tracer.Create("ingest", "block-1", "raw_data").Complete();
        Assert.Empty(exported);

        Assert.True(harness.Tracer.Flush(TimeSpan.FromSeconds(5)));
        Assert.Single(exported);
    }
}
