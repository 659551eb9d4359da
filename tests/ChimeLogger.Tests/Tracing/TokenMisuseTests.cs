using System.Diagnostics;

namespace ChimeLogger.Tests.Tracing;

/// <summary>
/// What a token does with input it cannot use, and on spans that record nothing or have ended: the call is ignored
/// with a warning that names the span, the span stays as it was, and nothing throws.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TokenMisuseTests
{
    [Fact]
    public void SetEntityId_on_a_child_span_is_ignored_with_a_warning()
    {
        using TelemetryHarness harness = new();
        using (harness.Tracer.Create("ingest", "block-1", "raw_data"))
        {
            using HelixToken child = harness.Tracer.ChildSpan("lookup");
            child.SetEntityId("block-2");
        }

        Assert.Null(harness.SingleSpan("lookup").GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("block-1", harness.SingleSpan("ingest").GetTagItem(HelixAttributes.EntityId));
        Assert.Equal(1, harness.WarningsContaining("SetEntityId on child span 'lookup' ignored"));
    }

    [Theory]
    [InlineData(null, "null")]
    [InlineData("", "empty")]
    [InlineData("  ", "whitespace")]
    public void An_unusable_late_entity_id_is_ignored_with_a_warning_naming_what_it_was(string? id, string described)
    {
        using TelemetryHarness harness = new();
        using (HelixToken operate = harness.Tracer.Operate("register", "event-1", "event"))
        {
            operate.SetEntityId(id);
        }

        Assert.Equal("event-1", harness.SingleSpan("register").GetTagItem(HelixAttributes.EntityId));
        Assert.Equal(1, harness.WarningsContaining($"SetEntityId on 'register' ignored: the entity id is {described}."));
    }

    [Theory]
    [InlineData(null, "null")]
    [InlineData("", "empty")]
    [InlineData(" ", "whitespace")]
    public void A_create_without_a_resource_name_says_what_the_name_was(string? name, string described)
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("ingest", name, "raw_data").Complete();

        Assert.Equal(1, harness.WarningsContaining($"Create 'ingest' has a {described} resource name"));
    }

    [Fact]
    public void An_unusable_parent_of_a_create_without_a_stage_name_is_reported_under_create()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create(null!, "beam-1", "n2_acquisition", ["block,1"]).Complete();

        Assert.Equal(1, harness.WarningsContaining("Parent id 'block,1' of 'create' left out of helix.parent.ids"));
    }

    [Fact]
    public void An_empty_event_name_or_attribute_key_is_ignored_with_a_warning()
    {
        using TelemetryHarness harness = new();
        using (HelixToken operate = harness.Tracer.Operate("classify", "event-1", "event"))
        {
            operate.AddEvent(" ");
            operate.SetAttribute("", "x");
            operate.SetAttribute(" ", 5L);
        }

        Activity span = harness.SingleSpan("classify");
        Assert.Empty(span.Events);
        Assert.DoesNotContain(span.TagObjects, tag => string.IsNullOrWhiteSpace(tag.Key));
        Assert.Equal(1, harness.WarningsContaining("AddEvent on 'classify' ignored: the event name is empty."));
        Assert.Equal(2, harness.WarningsContaining("SetAttribute on 'classify' ignored: the key is empty."));
    }

    [Fact]
    public void An_event_of_a_child_span_outside_any_entity_warns_naming_AddEvent()
    {
        using TelemetryHarness harness = new();

        using (HelixToken child = harness.Tracer.ChildSpan("lookup"))
        {
            child.AddEvent("helix.event.looked_up");
        }

        Assert.Single(harness.SingleSpan("lookup").Events);
        Assert.Equal(1, harness.WarningsContaining("AddEvent on child span 'lookup' has no open create or operate span above it"));
    }

    [Fact]
    public void An_error_on_a_create_inside_another_create_stays_on_the_inner_one_without_a_warning()
    {
        using TelemetryHarness harness = new();
        using (harness.Tracer.Create("l2-event", "event-1", "event"))
        {
            using HelixToken inner = harness.Tracer.Create("l3-classify", "class-1", "classification");
            inner.AddError("model_failed");
        }

        Assert.Single(harness.SingleSpan("l3-classify").Events);
        Assert.Empty(harness.SingleSpan("l2-event").Events);
        Assert.Equal(ActivityStatusCode.Unset, harness.SingleSpan("l2-event").Status);
        Assert.Empty(harness.Warnings);
    }

    [Fact]
    public void Error_metadata_skips_blank_keys_and_a_message_without_detail_has_no_detail()
    {
        using TelemetryHarness harness = new();
        using (HelixToken operate = harness.Tracer.Operate("classify", "event-1", "event"))
        {
            operate.AddError("model_failed");
            operate.AddError(new Dictionary<string, object?> { ["message"] = "late", [" "] = "lost", ["beam"] = 7 });
        }

        ActivityEvent[] errors = harness.SingleSpan("classify").Events.ToArray();
        Assert.Equal(2, errors.Length);
        Assert.DoesNotContain(errors[0].Tags, tag => tag.Key == "detail");
        Assert.Equal("model_failed", errors[0].Tags.Single(tag => tag.Key == "message").Value);
        Assert.DoesNotContain(errors[1].Tags, tag => string.IsNullOrWhiteSpace(tag.Key));
        Assert.Equal("7", errors[1].Tags.Single(tag => tag.Key == "beam").Value);
    }

    [Fact]
    public void Error_on_a_token_that_records_nothing_or_has_ended_does_nothing()
    {
        using TelemetryHarness harness = new();
        HelixToken.None.Error("model_failed");
        default(HelixToken).Error(new Dictionary<string, object?> { ["message"] = "x" });
        HelixToken operate = harness.Tracer.Operate("classify", "event-1", "event");
        operate.Complete();

        operate.Error("model_failed", "after the end");

        Activity span = harness.SingleSpan("classify");
        Assert.Empty(span.Events);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public void Tokens_are_equal_when_they_hold_the_same_span_and_say_what_they_hold()
    {
        using TelemetryHarness harness = new();
        HelixToken operate = harness.Tracer.Operate("register", "event-1", "event");
        HelixToken copy = operate;
        HelixToken other = harness.Tracer.Operate("register", "event-2", "event");

        Assert.True(operate == copy);
        Assert.False(operate != copy);
        Assert.True(operate != other);
        Assert.False(operate == other);
        Assert.True(operate.Equals((object)copy));
        Assert.False(operate.Equals((object)"register"));
        Assert.Equal(operate.GetHashCode(), copy.GetHashCode());
        Assert.Equal(0, HelixToken.None.GetHashCode());
        Assert.Equal(HelixToken.None, default(HelixToken));
        Assert.Equal("HelixToken(none)", HelixToken.None.ToString());
        Assert.Equal("HelixToken(Operate 'register', entity 'event-1')", operate.ToString());
        other.Complete();
        operate.Complete();

        HelixToken late = harness.Tracer.Operate("associate", resourceName: null, "event");
        Assert.Equal("HelixToken(Operate 'associate', entity '?')", late.ToString());
        late.SetEntityId("event-3");
    }
}
