using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests.Logging;

[Collection(TelemetryCollection.Name)]
public sealed class LogEnrichmentTests
{
    [Fact]
    public void Records_inside_a_create_carry_the_entity_context_from_any_logger()
    {
        using TelemetryHarness harness = new();
        ILogger chime = harness.Tracer.CreateLogger("CHIME.l1");
        ILogger other = harness.Tracer.CreateLogger<LogEnrichmentTests>();
        ActivityTraceId traceId;
        ActivitySpanId spanId;

        using (HelixToken token = harness.Tracer.Create("l1-search", "beam-0042", "n2_acquisition"))
        {
            traceId = token.Activity!.TraceId;
            spanId = token.Activity.SpanId;
            chime.LogInformation("Processing beam {Beam}", "beam-0042");
            other.LogWarning("Slow beam");
        }

        Assert.Equal(2, harness.Logs.Count);
        foreach (LogRecord record in harness.Logs)
        {
            Dictionary<string, object?> attributes = TelemetryHarness.Attributes(record);
            Assert.Equal("beam-0042", attributes["resource_name"]);
            Assert.Equal("n2_acquisition", attributes["resource_type"]);
            Assert.Equal("test-pipeline", attributes["pipeline"]);
            Assert.Equal("kko", attributes["site"]);
            Assert.Equal("beam-0042", attributes["helix_entity_id"]);
            Assert.Equal("CHIME", attributes["helix_instrument_id"]);
            Assert.Equal("CHIME/test-pipeline", attributes["helix_process_name"]);
            Assert.Equal(traceId.ToHexString(), attributes["otel_trace_id"]);
            Assert.Equal(spanId.ToHexString(), attributes["otel_span_id"]);
            Assert.Matches("^[0-9a-f]{32}$", (string)attributes["otel_trace_id"]!);
            Assert.Matches("^[0-9a-f]{16}$", (string)attributes["otel_span_id"]!);
            Assert.Equal(traceId, record.TraceId);
        }

        Assert.Equal("beam-0042", TelemetryHarness.Attributes(harness.Logs[0])["Beam"]);
    }

    [Fact]
    public void Records_inside_a_child_span_carry_the_enclosing_entity_and_the_child_span_id()
    {
        using TelemetryHarness harness = new();
        ILogger log = harness.Tracer.CreateLogger("CHIME.classifier");
        ActivitySpanId childSpanId;

        using (harness.Tracer.Operate("classify", "event-7", "event"))
        using (HelixToken child = harness.Tracer.ChildSpan("feature-extraction"))
        {
            childSpanId = child.Activity!.SpanId;
            log.LogInformation("features ready");
        }

        Dictionary<string, object?> attributes = TelemetryHarness.Attributes(Assert.Single(harness.Logs));
        Assert.Equal("event-7", attributes["resource_name"]);
        Assert.Equal("event", attributes["resource_type"]);
        Assert.Equal(childSpanId.ToHexString(), attributes["otel_span_id"]);
    }

    [Fact]
    public void Records_outside_spans_fall_back_to_the_configured_then_unknown_values()
    {
        using (TelemetryHarness configured = new(pipeline: "frb-l4"))
        {
            configured.Tracer.CreateLogger("CHIME").LogInformation("outside");
            Dictionary<string, object?> attributes = TelemetryHarness.Attributes(Assert.Single(configured.Logs));
            Assert.Equal("unknown_name", attributes["resource_name"]);
            Assert.Equal("unknown_type", attributes["resource_type"]);
            Assert.Equal("frb-l4", attributes["pipeline"]);
            Assert.Equal("kko", attributes["site"]);
            Assert.False(attributes.ContainsKey("helix_entity_id"));
            Assert.False(attributes.ContainsKey("otel_trace_id"));
        }

        using (TelemetryHarness fromEnvironment = new(
            pipeline: null,
            configure: options => options.Site = null,
            environment: new Dictionary<string, string> { ["CHIME_LOGGER_PIPELINE_NAME"] = "env-pipeline", ["CHIME_LOGGER_SITE"] = "hco" }))
        {
            fromEnvironment.Tracer.CreateLogger("CHIME").LogInformation("outside");
            Dictionary<string, object?> attributes = TelemetryHarness.Attributes(Assert.Single(fromEnvironment.Logs));
            Assert.Equal("env-pipeline", attributes["pipeline"]);
            Assert.Equal("hco", attributes["site"]);
        }

        using TelemetryHarness unknown = new(pipeline: null, configure: options => options.Site = null);
        unknown.Tracer.CreateLogger("CHIME").LogInformation("outside");
        Dictionary<string, object?> fallback = TelemetryHarness.Attributes(Assert.Single(unknown.Logs));
        Assert.Equal("unknown_pipeline", fallback["pipeline"]);
        Assert.Equal("unknown_site", fallback["site"]);
    }

    [Theory]
    [InlineData(LogLevel.Trace, "DEBUG")]
    [InlineData(LogLevel.Debug, "DEBUG")]
    [InlineData(LogLevel.Information, "INFO")]
    [InlineData(LogLevel.Warning, "WARNING")]
    [InlineData(LogLevel.Error, "ERROR")]
    [InlineData(LogLevel.Critical, "CRITICAL")]
    public void Severity_text_uses_the_python_level_names(LogLevel level, string expected)
    {
        using TelemetryHarness harness = new(configure: options => options.MinimumLogLevel = LogLevel.Trace);

        harness.Tracer.CreateLogger("CHIME").Log(level, "message at {Level}", level);

        Assert.Equal(expected, TelemetryHarness.SeverityText(Assert.Single(harness.Logs)));
    }

    [Fact]
    public void Records_below_the_minimum_level_are_not_written()
    {
        using TelemetryHarness harness = new(configure: options => options.MinimumLogLevel = LogLevel.Warning);
        ILogger log = harness.Tracer.CreateLogger("CHIME");

        log.LogInformation("dropped");
        log.LogWarning("kept");

        Assert.Equal("kept", Assert.Single(harness.Logs).FormattedMessage);
    }
}
