using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver.Model;

namespace ChimeLogger.IntegrationTests.Contract;

/// <summary>
/// docs/helix-contract.md §1-§4 checked on what reached a real OTLP receiver (the Aspire dashboard) from
/// <see cref="EndToEndScenario"/>, and on the same export as it was sent.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class EndToEndTests(ReceiverFixture receiver, EndToEndScenario scenario) : IClassFixture<EndToEndScenario>
{
    private static readonly string[] s_systemAttributes =
        ["helix.entity.id", "helix.instrument.id", "helix.parent.ids", "helix.entity.is_operation", "helix.log.entity_id", "helix.process.name"];

    [Fact]
    public async Task Every_span_arrives_once_with_its_name_internal_kind_and_the_library_scope()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);

        Assert.Equal(
            new[] { EndToEndScenario.BlockStage, EndToEndScenario.SearchStage, EndToEndScenario.ChildName, EndToEndScenario.Operation, EndToEndScenario.DeferredOperation,
                EndToEndScenario.OrphanOperation }
                .Order(StringComparer.Ordinal),
            run.Spans.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.All(run.Spans, span =>
        {
            Assert.Equal(1, span.Kind);
            Assert.Equal(ChimeTelemetry.ActivitySourceName, span.ScopeName);
        });
    }

    [Fact]
    public async Task Create_span_carries_system_and_chime_attributes()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        ReceivedSpan search = run.Span(EndToEndScenario.SearchStage);

        Assert.Equal(run.BeamId, search.Attributes["helix.entity.id"]);
        Assert.Equal("CHIME", search.Attributes["helix.instrument.id"]);
        Assert.Equal($"{run.BlockId},{run.UnknownParent}", search.Attributes["helix.parent.ids"]);
        Assert.Equal("CHIME/" + run.Pipeline, search.Attributes["helix.process.name"]);
        Assert.Equal("n2_acquisition", search.Attributes["chime.resource_type"]);
        Assert.Equal(run.Pipeline, search.Attributes["chime.pipeline"]);
        Assert.Equal(EndToEndScenario.Site, search.Attributes["chime.site"]);
        Assert.False(search.Attributes.ContainsKey("helix.entity.is_operation"));
        Assert.False(search.Attributes.ContainsKey("helix.log.entity_id"));
        Assert.Equal(ReceivedStatusCode.Unset, search.Status.Code);
    }

    [Fact]
    public async Task Create_span_links_to_the_parent_created_in_process_and_not_to_the_unknown_one()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        ReceivedSpan block = run.Span(EndToEndScenario.BlockStage);
        ReceivedSpan search = run.Span(EndToEndScenario.SearchStage);

        ReceivedSpanLink link = Assert.Single(search.Links);
        Assert.Equal(block.TraceId, link.TraceId);
        Assert.Equal(block.SpanId, link.SpanId);
        Assert.False(block.Attributes.ContainsKey("helix.parent.ids"));
        Assert.Empty(block.Links);
    }

    [Fact]
    public async Task Operate_span_is_a_new_root_trace_without_links_marked_as_operation()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        ReceivedSpan search = run.Span(EndToEndScenario.SearchStage);
        ReceivedSpan operate = run.Span(EndToEndScenario.Operation);

        Assert.True(operate.IsRoot);
        Assert.NotEqual(search.TraceId, operate.TraceId);
        Assert.Empty(operate.Links);
        Assert.Equal("true", operate.Attributes["helix.entity.is_operation"]);
        Assert.Equal(run.EventId, operate.Attributes["helix.entity.id"]);
        Assert.Equal("CHIME", operate.Attributes["helix.instrument.id"]);
        Assert.Equal("event", operate.Attributes["chime.resource_type"]);
        Assert.Equal(run.Pipeline, operate.Attributes["chime.pipeline"]);
        Assert.Equal(EndToEndScenario.Site, operate.Attributes["chime.site"]);
        Assert.False(operate.Attributes.ContainsKey("helix.parent.ids"));
        Assert.Equal([operate.SpanId], run.OperateTrace.Select(s => s.SpanId));
    }

    [Fact]
    public async Task Operate_span_records_the_classified_event_then_both_errors_with_status_error()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        ReceivedSpan operate = run.Span(EndToEndScenario.Operation);

        Assert.Equal(["helix.event.classified", "helix.error", "helix.error"], operate.Events.Select(e => e.Name));
        IReadOnlyDictionary<string, string> classified = operate.Events[0].Attributes;
        Assert.Equal("astrophysical", classified["classification"]);
        Assert.Equal(12.5, double.Parse(classified["snr"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("4", classified["beam_count"]);
        Assert.Equal("false", classified["rfi"]);

        IReadOnlyDictionary<string, string> recoverable = operate.Events[1].Attributes;
        Assert.Equal("replication_timeout", recoverable["message"]);
        Assert.Equal("minoc", recoverable["destination"]);
        Assert.Equal("3", recoverable["attempt"]);

        IReadOnlyDictionary<string, string> fatal = operate.Events[2].Attributes;
        Assert.Equal("classification_failed", fatal["message"]);
        Assert.Equal("no beam above threshold", fatal["detail"]);
        Assert.Equal(ReceivedStatusCode.Error, operate.Status.Code);
    }

    [Fact]
    public async Task Operate_with_a_deferred_entity_id_completes_with_stringified_metadata()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        ReceivedSpan register = run.Span(EndToEndScenario.DeferredOperation);

        Assert.True(register.IsRoot);
        Assert.Equal(run.RegisteredId, register.Attributes["helix.entity.id"]);
        Assert.Equal("true", register.Attributes["helix.entity.is_operation"]);
        Assert.Equal("3", register.Attributes["rows"]);
        Assert.Equal("chimefrb", register.Attributes["catalog"]);
        Assert.Empty(register.Events);
        Assert.Equal(ReceivedStatusCode.Unset, register.Status.Code);

        WireSpan sent = run.WireSpans.Single(s => s.Name == EndToEndScenario.DeferredOperation);
        Assert.Equal("3", Assert.IsType<string>(sent.Attributes["rows"]));
        Assert.IsType<string>(sent.Attributes["helix.entity.id"]);

        // Before the id is set, logs name no entity; after, they carry it.
        ReceivedLog before = run.Log(EndToEndScenario.BeforeIdMessage);
        Assert.Equal("unknown_name", before.Attributes["resource_name"]);
        Assert.Equal("event", before.Attributes["resource_type"]);
        Assert.False(before.Attributes.ContainsKey("helix_entity_id"));
        Assert.Equal(register.SpanId, before.SpanId);
        ReceivedLog after = run.Log(EndToEndScenario.AfterIdMessage);
        Assert.Equal(run.RegisteredId, after.Attributes["resource_name"]);
        Assert.Equal(run.RegisteredId, after.Attributes["helix_entity_id"]);
    }

    [Fact]
    public async Task Operate_that_never_gets_an_entity_id_is_exported_and_warned_about()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        ReceivedSpan orphan = run.Span(EndToEndScenario.OrphanOperation);

        Assert.Equal("true", orphan.Attributes["helix.entity.is_operation"]);
        Assert.False(orphan.Attributes.ContainsKey("helix.entity.id"));
        ReceivedLog warning = Assert.Single(run.Logs, l => l.Body.Contains("operate completed without entity id", StringComparison.Ordinal));
        Assert.Equal(13, warning.SeverityNumber);
        Assert.Equal("ChimeLogger", warning.ScopeName);
        Assert.Contains(EndToEndScenario.OrphanOperation, warning.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Child_span_is_a_child_of_the_create_span_with_log_entity_id_and_no_entity_id()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        ReceivedSpan search = run.Span(EndToEndScenario.SearchStage);
        ReceivedSpan child = run.Span(EndToEndScenario.ChildName);

        Assert.Equal(search.TraceId, child.TraceId);
        Assert.Equal(search.SpanId, child.ParentSpanId);
        Assert.Equal(run.BeamId, child.Attributes["helix.log.entity_id"]);
        Assert.Equal("CHIME", child.Attributes["helix.instrument.id"]);
        Assert.False(child.Attributes.ContainsKey("helix.entity.id"));
        Assert.False(child.Attributes.ContainsKey("helix.entity.is_operation"));
        Assert.Equal(
            [search.SpanId, child.SpanId],
            run.SearchTrace.OrderBy(s => s.StartTime).Select(s => s.SpanId));
    }

    [Fact]
    public async Task Resource_carries_service_name_instrument_id_and_process_name()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);

        Assert.All(run.Spans.Select(s => s.ResourceAttributes).Concat(run.Logs.Select(l => l.ResourceAttributes)), resource =>
        {
            Assert.Equal(run.ServiceName, resource["service.name"]);
            Assert.Equal("CHIME", resource["helix.instrument.id"]);
            Assert.Equal("CHIME/" + run.Pipeline, resource["helix.process.name"]);
        });
        ReceivedResource listed = Assert.Single(run.Resources, r => r.Name == run.ServiceName);
        Assert.True(listed.HasTraces);
        Assert.True(listed.HasLogs);
    }

    [Fact]
    public async Task System_attributes_are_sent_as_strings_and_event_attributes_keep_their_types()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);

        Assert.Equal(6, run.WireSpans.Count);
        foreach (WireSpan span in run.WireSpans)
        {
            foreach (string key in s_systemAttributes.Where(span.Attributes.ContainsKey))
            {
                Assert.IsType<string>(span.Attributes[key]);
            }

            foreach (string key in span.Attributes.Keys.Where(k => k.StartsWith("chime.", StringComparison.Ordinal)))
            {
                Assert.IsType<string>(span.Attributes[key]);
            }
        }

        WireSpan operate = run.WireSpans.Single(s => s.Name == EndToEndScenario.Operation);
        Assert.IsType<string>(operate.Attributes["helix.entity.is_operation"]);
        WireEvent classified = operate.Events.Single(e => e.Name == "helix.event.classified");
        Assert.Equal("astrophysical", classified.Attributes["classification"]);
        Assert.Equal(12.5, Assert.IsType<double>(classified.Attributes["snr"]));
        Assert.Equal(4L, Assert.IsType<long>(classified.Attributes["beam_count"]));
        Assert.False(Assert.IsType<bool>(classified.Attributes["rfi"]));

        // Error metadata is stringified (docs/helix-contract.md §2).
        WireEvent error = operate.Events.First(e => e.Name == "helix.error");
        Assert.Equal("3", Assert.IsType<string>(error.Attributes["attempt"]));
    }

    [Fact]
    public async Task Logs_inside_the_create_span_carry_its_context_and_correlate_with_it()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        ReceivedSpan search = run.Span(EndToEndScenario.SearchStage);

        foreach (string body in new[] { EndToEndScenario.BeamStartMessage, EndToEndScenario.BeamWarningMessage, EndToEndScenario.BeamEndMessage })
        {
            ReceivedLog log = run.Log(body);
            AssertContext(run, log, run.BeamId, "n2_acquisition");
            Assert.Equal(search.TraceId, log.TraceId);
            Assert.Equal(search.SpanId, log.SpanId);
            Assert.Equal(search.TraceId, log.Attributes["otel_trace_id"]);
            Assert.Equal(search.SpanId, log.Attributes["otel_span_id"]);
        }
    }

    [Fact]
    public async Task Logs_inside_the_child_span_carry_the_enclosing_entity_and_the_child_span_id()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        ReceivedSpan child = run.Span(EndToEndScenario.ChildName);

        ReceivedLog log = run.Log(EndToEndScenario.ChildMessage);
        AssertContext(run, log, run.BeamId, "n2_acquisition");
        Assert.Equal(child.TraceId, log.TraceId);
        Assert.Equal(child.SpanId, log.SpanId);
        Assert.Equal(child.SpanId, log.Attributes["otel_span_id"]);
    }

    [Fact]
    public async Task Logs_inside_the_operate_span_carry_the_operated_entity_and_its_new_trace()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        ReceivedSpan operate = run.Span(EndToEndScenario.Operation);

        foreach (string body in new[] { EndToEndScenario.ClassifiedMessage, EndToEndScenario.ReplicationMessage })
        {
            ReceivedLog log = run.Log(body);
            AssertContext(run, log, run.EventId, "event");
            Assert.Equal(operate.TraceId, log.TraceId);
            Assert.Equal(operate.SpanId, log.SpanId);
            Assert.Equal(operate.TraceId, log.Attributes["otel_trace_id"]);
        }
    }

    [Fact]
    public async Task Both_loggers_are_exported_under_their_categories()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);

        Assert.Equal(EndToEndScenario.L1Category, run.Log(EndToEndScenario.BeamStartMessage).ScopeName);
        Assert.Equal(EndToEndScenario.L1Category, run.Log(EndToEndScenario.BlockMessage).ScopeName);
        Assert.Equal(EndToEndScenario.OtherCategory, run.Log(EndToEndScenario.BeamWarningMessage).ScopeName);
        Assert.Equal(EndToEndScenario.OtherCategory, run.Log(EndToEndScenario.ChildMessage).ScopeName);
        AssertContext(run, run.Log(EndToEndScenario.BlockMessage), run.BlockId, "n2_block");
    }

    [Fact]
    public async Task Severity_text_sent_is_the_python_level_name()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);

        Assert.Equal("INFO", run.WireLog(EndToEndScenario.BeamStartMessage).SeverityText);
        Assert.Equal("WARNING", run.WireLog(EndToEndScenario.BeamWarningMessage).SeverityText);
        Assert.Equal("ERROR", run.WireLog(EndToEndScenario.ReplicationMessage).SeverityText);
        Assert.Equal("CRITICAL", run.WireLog(EndToEndScenario.CriticalMessage).SeverityText);
        Assert.Equal("DEBUG", run.WireLog(EndToEndScenario.DebugMessage).SeverityText);
        Assert.Equal("DEBUG", run.WireLog(EndToEndScenario.TraceMessage).SeverityText); // Python has no TRACE
        Assert.All(run.WireLogs, log => Assert.Contains(log.SeverityText, new[] { "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL" }));

        // The dashboard keeps the severity number (and shows its own level names): the levels arrived.
        Assert.Equal(9, run.Log(EndToEndScenario.BeamStartMessage).SeverityNumber);
        Assert.Equal(13, run.Log(EndToEndScenario.BeamWarningMessage).SeverityNumber);
        Assert.Equal(17, run.Log(EndToEndScenario.ReplicationMessage).SeverityNumber);
        Assert.Equal(21, run.Log(EndToEndScenario.CriticalMessage).SeverityNumber);
        Assert.Equal(5, run.Log(EndToEndScenario.DebugMessage).SeverityNumber);
    }

    [Fact]
    public async Task Log_attributes_are_sent_as_strings()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        WireLog log = run.WireLog(EndToEndScenario.ClassifiedMessage);

        foreach (string key in ContextKeys)
        {
            Assert.IsType<string>(log.Attributes[key]);
        }
    }

    [Fact]
    public async Task Only_chime_categories_reach_the_file_log_with_their_context()
    {
        EndToEndScenario.Result run = await scenario.RunOnceAsync(receiver);
        string[] lines = run.FileLog.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        string beamLine = Assert.Single(lines, line => line.Contains(EndToEndScenario.BeamStartMessage, StringComparison.Ordinal));
        Assert.Contains($"resource_name={run.BeamId}", beamLine, StringComparison.Ordinal);
        Assert.Contains($"pipeline={run.Pipeline}", beamLine, StringComparison.Ordinal);
        Assert.Contains("INFO", beamLine, StringComparison.Ordinal);
        Assert.Contains(EndToEndScenario.L1Category, beamLine, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.Contains(EndToEndScenario.BeamWarningMessage, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(EndToEndScenario.ReplicationMessage, StringComparison.Ordinal));
    }

    private static readonly string[] ContextKeys =
    [
        "resource_name", "resource_type", "pipeline", "site", "helix_entity_id",
        "helix_instrument_id", "helix_process_name", "otel_trace_id", "otel_span_id",
    ];

    private static void AssertContext(EndToEndScenario.Result run, ReceivedLog log, string entityId, string resourceType)
    {
        Assert.Equal(entityId, log.Attributes["resource_name"]);
        Assert.Equal(resourceType, log.Attributes["resource_type"]);
        Assert.Equal(run.Pipeline, log.Attributes["pipeline"]);
        Assert.Equal(EndToEndScenario.Site, log.Attributes["site"]);
        Assert.Equal(entityId, log.Attributes["helix_entity_id"]);
        Assert.Equal("CHIME", log.Attributes["helix_instrument_id"]);
        Assert.Equal("CHIME/" + run.Pipeline, log.Attributes["helix_process_name"]);
        Assert.Matches("^[0-9a-f]{32}$", log.Attributes["otel_trace_id"]);
        Assert.Matches("^[0-9a-f]{16}$", log.Attributes["otel_span_id"]);
    }
}
