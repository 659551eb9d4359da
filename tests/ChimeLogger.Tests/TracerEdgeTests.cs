using System.Diagnostics;
using ChimeLogger.Tracing;

namespace ChimeLogger.Tests;

/// <summary>
/// The tracer at the edges of its input: the length at which an id is suspected to be a payload, blank resource types,
/// flush limits out of range, and child spans under entities with and without an id.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracerEdgeTests
{
    private static int LongIdWarnings(TelemetryHarness harness) =>
        harness.Warnings.Count(w => (w.FormattedMessage ?? "").Contains("characters (more than 512)", StringComparison.Ordinal));

    [Fact]
    public void An_id_of_512_characters_is_not_warned_about_and_one_of_513_is()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("ingest", new string('a', 512), "raw_data").Complete();
        Assert.Equal(0, LongIdWarnings(harness));

        harness.Tracer.Create("ingest", new string('b', 513), "raw_data").Complete();
        Assert.Equal(1, LongIdWarnings(harness));
        Assert.Contains(harness.Warnings, w => (w.FormattedMessage ?? "").Contains("'ingest' has an id of 513 characters", StringComparison.Ordinal));
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
    public void A_flush_limit_out_of_range_is_clamped_instead_of_throwing()
    {
        using TelemetryHarness harness = new();
        harness.Tracer.Create("ingest", "block-1", "raw_data").Complete();

        Assert.True(harness.Tracer.Flush(TimeSpan.FromDays(100)));
        harness.Tracer.Flush(TimeSpan.FromSeconds(-5)); // no time at all: the answer may be either, but it never throws
        Assert.Single(harness.Spans);
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
}
