using System.Diagnostics;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests.Tracing;

/// <summary>
/// The contract keys decide what the herald stores (docs/helix-contract.md §1): user code cannot overwrite them through
/// <c>SetAttribute</c> or <c>Complete</c> metadata, and each refusal is a warning naming the key.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ReservedKeyTests
{
    [Fact]
    public void SetAttribute_with_an_entity_id_key_does_not_turn_a_child_span_into_an_entity()
    {
        using TelemetryHarness harness = new();

        using (harness.Tracer.Create("l1-search", "beam-1", "n2_acquisition"))
        using (HelixToken child = harness.Tracer.ChildSpan("dedisperse"))
        {
            child.SetAttribute(HelixAttributes.EntityId, "beam-hijack");
            child.SetAttribute("helix.chime.dm", 341.2);
        }

        Activity child2 = harness.SingleSpan("dedisperse");
        Assert.Null(child2.GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("beam-1", child2.GetTagItem(HelixAttributes.LogEntityId));
        Assert.Equal("341.2", child2.GetTagItem("helix.chime.dm"));
        Assert.Contains(harness.Warnings, warning => Message(warning).Contains("'helix.entity.id'", StringComparison.Ordinal));
    }

    [Fact]
    public void SetAttribute_cannot_turn_an_operation_into_a_creation()
    {
        using TelemetryHarness harness = new();

        using (HelixToken op = harness.Tracer.Operate("classify", "evt-1", "event"))
        {
            op.SetAttribute(HelixAttributes.IsOperation, "false");
            op.SetAttribute(HelixAttributes.IsOperation, false);
        }

        Assert.Equal("true", harness.SingleSpan("classify").GetTagItem(HelixAttributes.IsOperation));
        Assert.Contains(harness.Warnings, warning => Message(warning).Contains("'helix.entity.is_operation'", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_reserved_key_is_refused_by_SetAttribute_and_by_Complete_metadata_with_a_warning_naming_it()
    {
        using TelemetryHarness harness = new();
        HelixToken create = harness.Tracer.Create("l2-event", "evt-2", "event", ["beam-1"]);
        foreach (string key in HelixAttributes.ReservedKeys)
        {
            create.SetAttribute(key, "user-value");
        }

        create.Complete(HelixAttributes.ReservedKeys.Select(key => new KeyValuePair<string, object?>(key, 42)).Append(new("helix.chime.snr", 12.5)));

        Activity span = harness.SingleSpan("l2-event");
        Assert.Equal("evt-2", span.GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("CHIME", span.GetTagItem(HelixAttributes.InstrumentId));
        Assert.Equal("beam-1", span.GetTagItem(HelixAttributes.ParentIds));
        Assert.Null(span.GetTagItem(HelixAttributes.IsOperation));
        Assert.Null(span.GetTagItem(HelixAttributes.LogEntityId));
        Assert.Equal("event", span.GetTagItem(HelixAttributes.ResourceType));
        Assert.Equal("test-pipeline", span.GetTagItem(HelixAttributes.Pipeline));
        Assert.Equal("kko", span.GetTagItem(HelixAttributes.Site));
        Assert.Equal("12.5", span.GetTagItem("helix.chime.snr"));
        Assert.DoesNotContain(span.TagObjects, tag => Equals(tag.Value, "user-value") || Equals(tag.Value, "42"));
        List<string> warnings = harness.Warnings.Select(Message).ToList();
        Assert.All(HelixAttributes.ReservedKeys, key => Assert.Contains(warnings, text => text.Contains($"'{key}'", StringComparison.Ordinal)));
    }

    [Fact]
    public void SetEntityId_remains_the_way_to_set_the_entity_id()
    {
        using TelemetryHarness harness = new();

        using (HelixToken op = harness.Tracer.Operate("associate", resourceName: null, "event"))
        {
            op.SetEntityId("evt-late");
        }

        Assert.Equal("evt-late", harness.SingleSpan("associate").GetTagItem(HelixAttributes.EntityId));
    }

    private static string Message(LogRecord record) => record.FormattedMessage ?? record.Body ?? "";
}
