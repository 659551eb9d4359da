using System.Diagnostics;

namespace ChimeLogger.Tests.Tracing;

[Collection(TelemetryCollection.Name)]
public sealed class SpanContractTests
{
    [Fact]
    public void Create_emits_an_entity_span_with_string_system_attributes()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("l1-search", resourceName: "beam-0042", resourceType: "n2_acquisition").Complete();

        Activity span = harness.SingleSpan("l1-search");
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal(ChimeTelemetry.ActivitySourceName, span.Source.Name);
        Assert.Equal("beam-0042", span.GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("CHIME", span.GetTagItem(HelixAttributes.InstrumentId));
        Assert.Equal("CHIME/test-pipeline", span.GetTagItem(HelixAttributes.ProcessName));
        Assert.Equal("n2_acquisition", span.GetTagItem(HelixAttributes.ResourceType));
        Assert.Equal("test-pipeline", span.GetTagItem(HelixAttributes.Pipeline));
        Assert.Equal("kko", span.GetTagItem(HelixAttributes.Site));
        Assert.Null(span.GetTagItem(HelixAttributes.IsOperation));
        Assert.Null(span.GetTagItem(HelixAttributes.ParentIds));
        Assert.Null(span.GetTagItem(HelixAttributes.LogEntityId));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.All(span.TagObjects.Where(tag => tag.Key.StartsWith("helix.", StringComparison.Ordinal)), tag => Assert.IsType<string>(tag.Value));
    }

    [Fact]
    public void Create_with_known_and_unknown_parents_links_only_the_known_ones_and_lists_all()
    {
        using TelemetryHarness harness = new();
        HelixToken block = harness.Tracer.Create("ingest", "block-1", "raw_data");
        ActivityContext blockContext = block.Activity!.Context;
        block.Complete();

        harness.Tracer.Create("l1-search", "beam-1", "n2_acquisition", ["block-1", "block-from-elsewhere"]).Complete();

        Activity beam = harness.SingleSpan("l1-search");
        Assert.Equal("block-1,block-from-elsewhere", beam.GetTagItem(HelixAttributes.ParentIds));
        ActivityLink link = Assert.Single(beam.Links);
        Assert.Equal(blockContext.TraceId, link.Context.TraceId);
        Assert.Equal(blockContext.SpanId, link.Context.SpanId);
    }

    [Fact]
    public void Create_with_only_unknown_parents_has_no_links()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("l2-event", "event-9", "event", ["beam-a", "beam-b"]).Complete();

        Activity span = harness.SingleSpan("l2-event");
        Assert.Equal("beam-a,beam-b", span.GetTagItem(HelixAttributes.ParentIds));
        Assert.Empty(span.Links);
    }

    [Fact]
    public void Create_with_a_single_parent_overload_links_it()
    {
        using TelemetryHarness harness = new();
        harness.Tracer.Create("ingest", "block-7", "raw_data").Complete();

        harness.Tracer.Create("l1-search", "beam-7", "n2_acquisition", parent: "block-7").Complete();

        Activity beam = harness.SingleSpan("l1-search");
        Assert.Equal("block-7", beam.GetTagItem(HelixAttributes.ParentIds));
        Assert.Single(beam.Links);
    }

    [Fact]
    public void Parent_ids_with_a_comma_are_left_out_with_a_warning()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("l2-event", "event-1", "event", ["beam-a", "beam,b", " ", "beam-c"]).Complete();

        Assert.Equal("beam-a,beam-c", harness.SingleSpan("l2-event").GetTagItem(HelixAttributes.ParentIds));
        Assert.Contains(harness.Warnings, log => log.FormattedMessage!.Contains("'beam,b'") && log.FormattedMessage.Contains("comma"));
    }

    [Fact]
    public void Create_joins_the_current_trace()
    {
        using TelemetryHarness harness = new();

        using (HelixToken outer = harness.Tracer.Create("ingest", "block-1", "raw_data"))
        using (HelixToken inner = harness.Tracer.Create("l1-search", "beam-1", "n2_acquisition"))
        {
            Assert.Equal(outer.Activity!.TraceId, inner.Activity!.TraceId);
        }

        Activity outerSpan = harness.SingleSpan("ingest");
        Activity innerSpan = harness.SingleSpan("l1-search");
        Assert.Equal(outerSpan.SpanId, innerSpan.ParentSpanId);
    }

    [Fact]
    public void Operate_is_a_new_root_trace_and_gives_the_caller_its_span_back()
    {
        using TelemetryHarness harness = new();
        harness.Tracer.Create("ingest", "event-1", "event").Complete();

        using (HelixToken create = harness.Tracer.Create("l2-event", "event-2", "event"))
        {
            using (harness.Tracer.Operate("register", "event-1", "event"))
            {
                Assert.NotEqual(create.Activity!.TraceId, Activity.Current!.TraceId);
            }

            Assert.Same(create.Activity, Activity.Current);
        }

        Activity operate = harness.SingleSpan("register");
        Activity parentCreate = harness.SingleSpan("l2-event");
        Assert.Equal(default, operate.ParentSpanId);
        Assert.NotEqual(parentCreate.TraceId, operate.TraceId);
        Assert.Empty(operate.Links);
        Assert.Equal("true", operate.GetTagItem(HelixAttributes.IsOperation));
        Assert.Equal("event-1", operate.GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("event", operate.GetTagItem(HelixAttributes.ResourceType));
        Assert.Equal("test-pipeline", operate.GetTagItem(HelixAttributes.Pipeline));
        Assert.Equal("kko", operate.GetTagItem(HelixAttributes.Site));
        Assert.Equal("CHIME", operate.GetTagItem(HelixAttributes.InstrumentId));
    }

    [Fact]
    public void Two_operations_never_share_a_trace()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Operate("classify", "event-1", "event").Complete();
        harness.Tracer.Operate("register", "event-1", "event").Complete();

        Assert.NotEqual(harness.SingleSpan("classify").TraceId, harness.SingleSpan("register").TraceId);
    }

    [Fact]
    public void Operate_does_not_write_the_parent_store()
    {
        using TelemetryHarness harness = new();
        harness.Tracer.Operate("register", "event-5", "event").Complete();

        harness.Tracer.Create("replica", "replica-5", "replica", ["event-5"]).Complete();

        Assert.Empty(harness.SingleSpan("replica").Links);
    }

    [Fact]
    public void Operate_with_a_deferred_entity_id_carries_it_and_does_not_warn()
    {
        using TelemetryHarness harness = new();

        using (HelixToken op = harness.Tracer.Operate("register", resourceType: "event"))
        {
            Assert.Equal("true", op.Activity!.GetTagItem(HelixAttributes.IsOperation));
            op.SetEntityId("event-77");
        }

        Assert.Equal("event-77", harness.SingleSpan("register").GetTagItem(HelixAttributes.EntityId));
        Assert.DoesNotContain(harness.Warnings, log => log.FormattedMessage!.Contains("without entity id"));
    }

    [Fact]
    public void Operate_completed_without_an_entity_id_warns()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Operate("register", resourceType: "event").Complete();

        Activity span = harness.SingleSpan("register");
        Assert.Null(span.GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("true", span.GetTagItem(HelixAttributes.IsOperation));
        Assert.Contains(harness.Warnings, log => log.FormattedMessage!.Contains(
            "operate completed without entity id; the span will not be linked to any entity"));
    }

    [Fact]
    public void Child_span_carries_the_enclosing_entity_as_log_entity_id_only()
    {
        using TelemetryHarness harness = new();

        using (harness.Tracer.Operate("classify", "event-3", "event"))
        using (harness.Tracer.ChildSpan("feature-extraction"))
        using (harness.Tracer.ChildSpan("dm-fit"))
        {
        }

        Activity operate = harness.SingleSpan("classify");
        Activity child = harness.SingleSpan("feature-extraction");
        Activity grandChild = harness.SingleSpan("dm-fit");
        Assert.Equal(operate.SpanId, child.ParentSpanId);
        Assert.Equal(child.SpanId, grandChild.ParentSpanId);
        foreach (Activity span in new[] { child, grandChild })
        {
            Assert.Equal("event-3", span.GetTagItem(HelixAttributes.LogEntityId));
            Assert.Null(span.GetTagItem(HelixAttributes.EntityId));
            Assert.Null(span.GetTagItem(HelixAttributes.IsOperation));
            Assert.Equal("CHIME", span.GetTagItem(HelixAttributes.InstrumentId));
        }
    }

    [Fact]
    public void AddError_records_a_helix_error_event_sets_status_error_and_keeps_the_span_open()
    {
        using TelemetryHarness harness = new();
        HelixToken op = harness.Tracer.Operate("replicate", "event-1", "event");

        op.AddError(new Dictionary<string, object?> { ["message"] = "replication_timeout", ["destination"] = "gbo", ["attempt"] = 2 });

        Assert.Empty(harness.Spans);
        Assert.False(op.IsCompleted);
        op.Complete(new Dictionary<string, object?> { ["replicas"] = 3 });

        Activity span = harness.SingleSpan("replicate");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("replication_timeout", span.StatusDescription);
        ActivityEvent error = Assert.Single(span.Events);
        Assert.Equal("helix.error", error.Name);
        Dictionary<string, object?> tags = error.Tags.ToDictionary(tag => tag.Key, tag => tag.Value);
        Assert.Equal("replication_timeout", tags["message"]);
        Assert.Equal("gbo", tags["destination"]);
        Assert.Equal("2", tags["attempt"]);
        Assert.Equal("3", span.GetTagItem("replicas"));
    }

    [Fact]
    public void Error_ends_the_span_once_and_later_calls_do_nothing()
    {
        using TelemetryHarness harness = new();
        HelixToken op = harness.Tracer.Operate("convert", "event-2", "event");

        op.Error("conversion_failed", detail: "bad header in event-2");
        op.Complete(new Dictionary<string, object?> { ["ignored"] = "yes" });
        op.Error("second_error");
        op.Dispose();

        Activity span = harness.SingleSpan("convert");
        Assert.True(op.IsCompleted);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        ActivityEvent error = Assert.Single(span.Events);
        Assert.Equal("conversion_failed", error.Tags.Single(tag => tag.Key == "message").Value);
        Assert.Equal("bad header in event-2", error.Tags.Single(tag => tag.Key == "detail").Value);
        Assert.Null(span.GetTagItem("ignored"));
    }

    [Fact]
    public void Complete_is_idempotent_and_stringifies_metadata()
    {
        using TelemetryHarness harness = new();
        HelixToken token = harness.Tracer.Create("l1-search", "beam-9", "n2_acquisition");

        token.Complete(new Dictionary<string, object?>
        {
            ["snr"] = 12.5,
            ["beams"] = 1024,
            ["ok"] = true,
            ["nothing"] = null,
            ["when"] = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero),
            ["beam_ids"] = new[] { "a", "b" },
            ["nested"] = new Dictionary<string, object?> { ["x"] = 1 },
        });
        token.Complete();
        token.Dispose();

        Activity span = harness.SingleSpan("l1-search");
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal("12.5", span.GetTagItem("snr"));
        Assert.Equal("1024", span.GetTagItem("beams"));
        Assert.Equal("true", span.GetTagItem("ok"));
        Assert.Equal("null", span.GetTagItem("nothing"));
        Assert.Equal("2026-11-27T12:00:00.0000000+00:00", span.GetTagItem("when"));
        Assert.Equal("[\"a\",\"b\"]", span.GetTagItem("beam_ids"));
        Assert.Equal("{\"x\":1}", span.GetTagItem("nested"));
    }

    [Fact]
    public void Metadata_is_formatted_with_the_invariant_culture()
    {
        using TelemetryHarness harness = new();
        System.Globalization.CultureInfo previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            harness.Tracer.Create("l1-search", "beam-1", "n2_acquisition").Complete(new Dictionary<string, object?> { ["dm"] = 556.25 });
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal("556.25", harness.SingleSpan("l1-search").GetTagItem("dm"));
    }

    [Fact]
    public void AddEvent_keeps_attribute_types_and_warns_once_about_names_the_herald_drops()
    {
        using TelemetryHarness harness = new();

        using (HelixToken op = harness.Tracer.Operate("classify", "event-4", "event"))
        {
            op.AddEvent("helix.event.classified", new Dictionary<string, object?> { ["dm"] = 556.2, ["snr"] = 14, ["class"] = "FRB", ["repeater"] = false });
            op.AddEvent("classified");
            op.AddEvent("classified");
        }

        Activity span = harness.SingleSpan("classify");
        Assert.Equal(["helix.event.classified", "classified", "classified"], span.Events.Select(e => e.Name));
        Dictionary<string, object?> tags = span.Events.First().Tags.ToDictionary(tag => tag.Key, tag => tag.Value);
        Assert.Equal(556.2, Assert.IsType<double>(tags["dm"]));
        Assert.Equal(14, Assert.IsType<int>(tags["snr"]));
        Assert.Equal("FRB", tags["class"]);
        Assert.False(Assert.IsType<bool>(tags["repeater"]));
        Assert.Single(harness.Warnings, log => log.FormattedMessage!.Contains("'classified' does not start with 'helix.'"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public void Current_is_the_innermost_entity_span_and_skips_child_spans()
    {
        using TelemetryHarness harness = new();
        Assert.Null(HelixToken.Current);

        using (HelixToken create = harness.Tracer.Create("l2-event", "event-1", "event"))
        {
            Assert.Equal(create, HelixToken.Current);
            using (harness.Tracer.ChildSpan("clustering"))
            {
                Assert.Equal(create, HelixToken.Current);
                Assert.Equal("event-1", HelixToken.Current!.Value.EntityId);
                Assert.Equal(HelixSpanKind.Create, HelixToken.Current!.Value.Kind);
            }

            using (HelixToken op = harness.Tracer.Operate("register", "event-1", "event"))
            {
                Assert.Equal(op, HelixToken.Current);
                Assert.Equal(HelixSpanKind.Operate, op.Kind);
            }

            Assert.Equal(create, HelixToken.Current);
        }

        Assert.Null(HelixToken.Current);
    }

    [Fact]
    public void RecordException_records_the_type_name_as_message_and_never_catches()
    {
        using TelemetryHarness harness = new();
        HelixToken op = harness.Tracer.Operate("convert", "event-1", "event");

        bool caught = false;
        try
        {
            try
            {
                throw new InvalidDataException("header of event-1 is corrupt");
            }
            catch (Exception ex) when (op.RecordException(ex))
            {
                caught = true;
            }
        }
        catch (InvalidDataException)
        {
            op.Complete();
        }

        Assert.False(caught);
        Activity span = harness.SingleSpan("convert");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Dictionary<string, object?> tags = Assert.Single(span.Events).Tags.ToDictionary(tag => tag.Key, tag => tag.Value);
        Assert.Equal("InvalidDataException", tags["message"]);
        Assert.Equal("System.IO.InvalidDataException", tags["exception.type"]);
        Assert.Equal("header of event-1 is corrupt", tags["exception.message"]);
    }

    [Fact]
    public void Cancellation_through_the_own_token_is_not_an_error()
    {
        using TelemetryHarness harness = new();
        using CancellationTokenSource cancellation = new();
        cancellation.Cancel();

        HelixToken op = harness.Tracer.Operate("replicate", "event-1", "event");
        op.RecordException(new OperationCanceledException(cancellation.Token), cancellation.Token);
        op.Complete();
        HelixToken other = harness.Tracer.Operate("replicate-other", "event-1", "event");
        other.RecordException(new OperationCanceledException(), CancellationToken.None);
        other.Complete();

        Activity cancelled = harness.SingleSpan("replicate");
        Assert.Equal("true", cancelled.GetTagItem(HelixAttributes.Cancelled));
        Assert.Equal(ActivityStatusCode.Unset, cancelled.Status);
        Assert.Empty(cancelled.Events);
        Assert.Equal(ActivityStatusCode.Error, harness.SingleSpan("replicate-other").Status);
    }

    [Fact]
    public void A_create_without_a_resource_name_is_exported_without_entity_id_and_warns()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("l1-search", "  ", "n2_acquisition").Complete();

        Assert.Null(harness.SingleSpan("l1-search").GetTagItem(HelixAttributes.EntityId));
        Assert.Contains(harness.Warnings, log => log.FormattedMessage!.Contains("whitespace resource name"));
    }

    [Fact]
    public void Missing_resource_type_and_site_fall_back_to_unknown()
    {
        using TelemetryHarness harness = new(pipeline: null, configure: options => options.Site = null);

        harness.Tracer.Create("ingest", "block-1").Complete();

        Activity span = harness.SingleSpan("ingest");
        Assert.Equal("unknown_type", span.GetTagItem(HelixAttributes.ResourceType));
        Assert.Equal("unknown_pipeline", span.GetTagItem(HelixAttributes.Pipeline));
        Assert.Equal("unknown_site", span.GetTagItem(HelixAttributes.Site));
    }

    [Fact]
    public void Tokens_do_nothing_when_telemetry_is_not_set_up()
    {
        Assert.Null(ChimeTelemetry.Tracer);

        HelixToken none = HelixToken.None;
        none.AddEvent("helix.event.x");
        none.AddError("boom");
        none.SetEntityId("x");
        none.SetAttribute("k", 1.5);
        none.Error("boom");
        none.Complete();

        Assert.False(none.IsRecording);
        Assert.True(none.IsCompleted);
        Assert.Null(none.EntityId);
        Assert.Equal(HelixSpanKind.None, none.Kind);
        Assert.Null(HelixToken.Current);
    }

    [Fact]
    public void Spans_are_not_recorded_once_the_tracer_is_disposed()
    {
        List<Activity> spans;
        ChimeTracer tracer;
        using (TelemetryHarness harness = new())
        {
            tracer = harness.Tracer;
            spans = harness.Spans;
        }

        HelixToken token = tracer.Create("late", "beam-1", "n2_acquisition");
        token.Complete();

        Assert.False(token.IsRecording);
        Assert.Empty(spans);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_resource_type_is_sent_as_unknown_on_creates_and_operates(string type)
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("ingest", "block-1", type).Complete();
        harness.Tracer.Operate("register", "block-1", type).Complete();

        Assert.Equal("unknown_type", harness.SingleSpan("ingest").GetTagItem(HelixAttributes.ResourceType));
        Assert.Equal("unknown_type", harness.SingleSpan("register").GetTagItem(HelixAttributes.ResourceType));
    }

    [Fact]
    public void A_child_span_carries_the_instrument_and_the_entity_of_the_span_above_it_when_that_has_one()
    {
        using TelemetryHarness harness = new();
        using (harness.Tracer.Operate("associate", resourceName: null, "event"))
        {
            harness.Tracer.ChildSpan("lookup-before-id").Complete();
        }

        using (harness.Tracer.Create("ingest", "block-1", "raw_data"))
        {
            using (harness.Tracer.ChildSpan("outer-step"))
            {
                harness.Tracer.ChildSpan("inner-step").Complete();
            }
        }

        Activity before = harness.SingleSpan("lookup-before-id");
        Assert.Equal("CHIME", before.GetTagItem(HelixAttributes.InstrumentId));
        Assert.Null(before.GetTagItem(HelixAttributes.LogEntityId));
        Assert.Equal("block-1", harness.SingleSpan("outer-step").GetTagItem(HelixAttributes.LogEntityId));
        Assert.Equal("block-1", harness.SingleSpan("inner-step").GetTagItem(HelixAttributes.LogEntityId));
        Assert.Null(harness.SingleSpan("inner-step").GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("CHIME", harness.SingleSpan("inner-step").GetTagItem(HelixAttributes.InstrumentId));
    }

    [Fact]
    public void A_create_carries_the_process_name_and_an_operate_does_not()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("ingest", "block-1", "raw_data").Complete();
        harness.Tracer.Operate("register", "block-1", "raw_data").Complete();

        Assert.Equal(harness.Tracer.ProcessName, harness.SingleSpan("ingest").GetTagItem(HelixAttributes.ProcessName));
        Assert.Null(harness.SingleSpan("register").GetTagItem(HelixAttributes.ProcessName));
        Assert.Null(harness.SingleSpan("ingest").GetTagItem(HelixAttributes.IsOperation));
    }

    [Fact]
    public void A_child_spans_token_names_the_entity_it_belongs_to()
    {
        using TelemetryHarness harness = new();

        using HelixToken create = harness.Tracer.Create("l1-search", "beam-7", "n2_acquisition");
        using HelixToken child = harness.Tracer.ChildSpan("dedisperse");

        Assert.Equal("beam-7", create.EntityId);
        Assert.Equal("beam-7", child.EntityId);
    }
}
