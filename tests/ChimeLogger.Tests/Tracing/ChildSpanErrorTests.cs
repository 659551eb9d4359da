using System.Diagnostics;

namespace ChimeLogger.Tests.Tracing;

/// <summary>
/// The herald reads helix events only on entity spans (docs/helix-contract.md §2): what a child token records must land
/// on the enclosing create or operate span, with a stage, while the child keeps its error status for the trace view.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ChildSpanErrorTests
{
    [Fact]
    public void AddError_on_a_child_token_records_the_helix_error_on_the_entity_span_and_marks_the_child()
    {
        using TelemetryHarness harness = new();

        using (harness.Tracer.Operate("replicate", "evt-1", "event"))
        using (HelixToken copy = harness.Tracer.ChildSpan("copy-to-kko"))
        {
            copy.AddError("replication_timeout", detail: "kko after 30 s");
        }

        Activity operate = harness.SingleSpan("replicate");
        Activity child = harness.SingleSpan("copy-to-kko");
        ActivityEvent error = Assert.Single(operate.Events, e => e.Name == HelixAttributes.ErrorEvent);
        Dictionary<string, object?> tags = error.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("replication_timeout", tags["message"]);
        Assert.Equal("kko after 30 s", tags["detail"]);
        Assert.Equal("replicate", tags["stage"]);
        Assert.Equal("copy-to-kko", tags["child_span"]);
        Assert.Equal(ActivityStatusCode.Error, operate.Status);
        Assert.DoesNotContain(child.Events, e => e.Name.StartsWith("helix.", StringComparison.Ordinal));
        Assert.Equal(ActivityStatusCode.Error, child.Status);
    }

    [Fact]
    public void Error_on_a_child_token_ends_the_child_and_leaves_the_entity_open_with_its_helix_error()
    {
        using TelemetryHarness harness = new();

        HelixToken create = harness.Tracer.Create("l1-search", "beam-3", "n2_acquisition");
        HelixToken child = harness.Tracer.ChildSpan("dedisperse");
        child.Error(new Dictionary<string, object?> { ["message"] = "dm_out_of_range", ["stage"] = "dedispersion" });

        Assert.True(child.IsCompleted);
        Assert.False(create.IsCompleted);
        create.Complete();

        Activity entity = harness.SingleSpan("l1-search");
        ActivityEvent error = Assert.Single(entity.Events, e => e.Name == HelixAttributes.ErrorEvent);
        Assert.Equal("dedispersion", error.Tags.Single(t => t.Key == "stage").Value); // the caller's stage is kept
        Assert.Equal(ActivityStatusCode.Error, harness.SingleSpan("dedisperse").Status);
    }

    [Fact]
    public void AddEvent_with_a_helix_name_on_a_child_token_goes_to_the_entity_span()
    {
        using TelemetryHarness harness = new();

        using (harness.Tracer.Operate("classify", "evt-2", "event"))
        using (HelixToken child = harness.Tracer.ChildSpan("rfi-check"))
        {
            child.AddEvent("helix.event.rfi_flagged", new Dictionary<string, object?> { ["fraction"] = 0.12 });
            child.AddEvent("cache-miss");
        }

        ActivityEvent moved = Assert.Single(harness.SingleSpan("classify").Events);
        Assert.Equal("helix.event.rfi_flagged", moved.Name);
        Assert.Equal(0.12, moved.Tags.Single().Value);
        Assert.Equal("cache-miss", Assert.Single(harness.SingleSpan("rfi-check").Events).Name); // not for the herald: stays
    }

    [Fact]
    public void Errors_on_entity_spans_get_the_span_name_as_stage_unless_the_caller_gives_one()
    {
        using TelemetryHarness harness = new();

        using (HelixToken op = harness.Tracer.Operate("convert-filterbank", "evt-3", "event"))
        {
            op.AddError("conversion_failed");
            op.AddError(new Dictionary<string, object?> { ["message"] = "disk_full", ["stage"] = "write" });
            op.AddError(new Dictionary<string, object?> { ["message"] = "odd", ["stage"] = null });
            op.RecordException(new InvalidDataException("bad header"));
        }

        List<string?> stages = harness.SingleSpan("convert-filterbank").Events
            .Select(e => e.Tags.Single(t => t.Key == "stage").Value as string).ToList();
        Assert.Equal(["convert-filterbank", "write", "convert-filterbank", "convert-filterbank"], stages);
    }

    [Fact]
    public void An_exception_leaving_a_child_span_is_an_exception_event_of_the_child_not_a_helix_error()
    {
        using TelemetryHarness harness = new();

        using (harness.Tracer.Create("l1-search", "beam-4", "n2_acquisition"))
        {
            HelixToken child = harness.Tracer.ChildSpan("fetch-calibration");
            try
            {
                try
                {
                    throw new TimeoutException("calibration server busy");
                }
                catch (Exception ex) when (child.RecordException(ex))
                {
                }
                finally
                {
                    child.Dispose();
                }
            }
            catch (TimeoutException)
            {
                // The entity's code handles it: a fallback calibration is used.
            }
        }

        Activity entity = harness.SingleSpan("l1-search");
        Activity childSpan = harness.SingleSpan("fetch-calibration");
        Assert.Empty(entity.Events);
        Assert.Equal(ActivityStatusCode.Unset, entity.Status);
        ActivityEvent exception = Assert.Single(childSpan.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("System.TimeoutException", exception.Tags.Single(t => t.Key == "exception.type").Value);
        Assert.Equal(ActivityStatusCode.Error, childSpan.Status);
    }

    [Fact]
    public void A_child_span_outside_any_entity_keeps_its_event_and_says_why()
    {
        using TelemetryHarness harness = new();

        using (HelixToken child = harness.Tracer.ChildSpan("orphan-step"))
        {
            child.AddError("lost_step");
        }

        Assert.Single(harness.SingleSpan("orphan-step").Events, e => e.Name == HelixAttributes.ErrorEvent);
        Assert.Contains(harness.Warnings, w => (w.FormattedMessage ?? "").Contains("'orphan-step' has no open create or operate span", StringComparison.Ordinal));
    }
}
