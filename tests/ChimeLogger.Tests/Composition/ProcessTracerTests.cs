using System.Diagnostics;
using ChimeLogger.Tracing;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace ChimeLogger.Tests.Composition;

/// <summary>
/// The process tracer that <see cref="ChimeTelemetry.Setup"/> builds: none before it and after its disposal, a new one
/// after that, one that stops listening once disposed, the names on its resource, and a set-up that fails on an invalid
/// setting leaving nothing behind.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ProcessTracerTests
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
    public void Setup_fails_fast_on_invalid_configuration_and_sets_nothing_up()
    {
        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() =>
            ChimeTelemetry.Setup("test", options =>
            {
                options.EnvironmentReader = name => name == "HERALD_INSECURE" ? "maybe" : null;
                options.FileLogEnabled = false;
            }));

        Assert.Contains("HERALD_INSECURE 'maybe'", error.Message);
        Assert.Null(ChimeTelemetry.GetTracer());
    }
}
