using System.Diagnostics;
using ChimeLogger.Tracing;

namespace ChimeLogger.Tests;

/// <summary>
/// The lineage a create sends (docs/helix-contract.md §1): every usable parent id in <c>helix.parent.ids</c>, in the
/// order given, whatever the overload, and a link to each parent created earlier in this process, including an entity
/// whose id was only known once its create had started, and the newest span of an entity created twice.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ParentLineageTests
{
    [Fact]
    public void A_single_parent_given_as_a_list_is_exported_and_linked()
    {
        using TelemetryHarness harness = new();
        harness.Tracer.Create("ingest", "block-7", "raw_data").Complete();

        harness.Tracer.Create("l1-search", "beam-7", "n2_acquisition", new List<string> { "block-7" }).Complete();

        Activity beam = harness.SingleSpan("l1-search");
        Assert.Equal("block-7", beam.GetTagItem(HelixAttributes.ParentIds));
        Assert.Equal(harness.SingleSpan("ingest").SpanId, Assert.Single(beam.Links).Context.SpanId);
    }

    [Fact]
    public void Three_or_more_usable_parents_are_all_kept_in_the_order_given_and_each_known_one_is_linked()
    {
        using TelemetryHarness harness = new();
        foreach (string beam in new[] { "beam-1", "beam-2", "beam-3", "beam-4" })
        {
            harness.Tracer.Create("l1-search", beam, "n2_acquisition").Complete();
        }

        harness.Tracer.Create("l2-event", "event-1", "event", ["beam-3", "beam-1", "beam,bad", "beam-4", "beam-2", "beam-remote"]).Complete();

        Activity evt = harness.SingleSpan("l2-event");
        Assert.Equal("beam-3,beam-1,beam-4,beam-2,beam-remote", evt.GetTagItem(HelixAttributes.ParentIds));
        Dictionary<ActivitySpanId, string> beams = harness.Spans
            .Where(s => s.DisplayName == "l1-search")
            .ToDictionary(s => s.SpanId, s => (string)s.GetTagItem(HelixAttributes.EntityId)!);
        Assert.Equal(["beam-3", "beam-1", "beam-4", "beam-2"], evt.Links.Select(link => beams[link.Context.SpanId]));
    }

    [Fact]
    public void An_entity_id_set_late_on_a_create_makes_it_a_parent_later_creates_link_to()
    {
        using TelemetryHarness harness = new();
        using (HelixToken block = harness.Tracer.Create("ingest", resourceName: null, "raw_data"))
        {
            block.SetEntityId("block-9");
        }

        harness.Tracer.Create("l1-search", "beam-9", "n2_acquisition", parent: "block-9").Complete();

        Activity ingest = harness.SingleSpan("ingest");
        Assert.Equal("block-9", ingest.GetTagItem(HelixAttributes.EntityId));
        Activity beam = harness.SingleSpan("l1-search");
        Assert.Equal(ingest.SpanId, Assert.Single(beam.Links).Context.SpanId);
    }

    [Fact]
    public void An_entity_id_set_late_on_an_operate_is_not_a_parent()
    {
        using TelemetryHarness harness = new();
        using (HelixToken operate = harness.Tracer.Operate("register", resourceName: null, "event"))
        {
            operate.SetEntityId("event-4");
        }

        harness.Tracer.Create("l3-classify", "class-4", "classification", parent: "event-4").Complete();

        Assert.Equal("event-4", harness.SingleSpan("l3-classify").GetTagItem(HelixAttributes.ParentIds));
        Assert.Empty(harness.SingleSpan("l3-classify").Links);
    }

    [Fact]
    public void An_entity_created_again_is_linked_through_its_newest_span()
    {
        using TelemetryHarness harness = new();
        harness.Tracer.Create("ingest", "block-3", "raw_data").Complete();
        harness.Tracer.Create("re-ingest", "block-3", "raw_data").Complete();

        harness.Tracer.Create("l1-search", "beam-3", "n2_acquisition", parent: "block-3").Complete();

        Assert.Equal(harness.SingleSpan("re-ingest").SpanId, Assert.Single(harness.SingleSpan("l1-search").Links).Context.SpanId);
    }

    [Fact]
    public void Parents_created_before_the_tracer_was_disposed_are_not_linked_by_the_next_setup()
    {
        using (TelemetryHarness first = new())
        {
            first.Tracer.Create("ingest", "block-5", "raw_data").Complete();
        }

        using TelemetryHarness second = new();
        second.Tracer.Create("l1-search", "beam-5", "n2_acquisition", parent: "block-5").Complete();

        Activity beam = second.SingleSpan("l1-search");
        Assert.Equal("block-5", beam.GetTagItem(HelixAttributes.ParentIds));
        Assert.Empty(beam.Links);
    }

    [Fact]
    public void The_parent_store_refuses_a_capacity_below_one_and_a_store_of_one_keeps_the_newest()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParentStore(capacity: 0));
        ParentStore store = new(capacity: 1);
        ActivityContext first = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        ActivityContext second = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        ActivityContext again = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        store.Add("block-1", first);
        store.Add("block-1", again);
        Assert.Equal(1, store.Count);
        Assert.True(store.TryGet("block-1", out ActivityContext found));
        Assert.Equal(again.SpanId, found.SpanId);

        store.Add("block-2", second);
        Assert.Equal(1, store.Count);
        Assert.False(store.TryGet("block-1", out _));
        Assert.True(store.TryGet("block-2", out found));
        Assert.Equal(second.SpanId, found.SpanId);

        store.Clear();
        Assert.Equal(0, store.Count);
        Assert.False(store.TryGet("block-2", out _));
        store.Add("block-1", first);
        Assert.True(store.TryGet("block-1", out _));
    }

    [Fact]
    public void A_re_created_entity_keeps_its_place_in_the_eviction_order()
    {
        ParentStore store = new(capacity: 2);
        ActivityContext Context() => new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        store.Add("a", Context());
        store.Add("b", Context());
        store.Add("a", Context()); // re-created: still the oldest
        store.Add("c", Context()); // evicts a
        store.Add("a", Context()); // new again: evicts b
        store.Add("d", Context()); // evicts c, the oldest now

        Assert.True(store.TryGet("a", out _));
        Assert.True(store.TryGet("d", out _));
        Assert.False(store.TryGet("c", out _));
        Assert.False(store.TryGet("b", out _));
    }

    [Fact]
    public void After_clearing_the_eviction_order_starts_afresh()
    {
        ParentStore store = new(capacity: 2);
        ActivityContext context = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        store.Add("a", context);
        store.Add("b", context);

        store.Clear();
        store.Add("b", context);
        store.Add("c", context);
        store.Add("a", context); // evicts b, the oldest since the clear

        Assert.True(store.TryGet("a", out _));
        Assert.True(store.TryGet("c", out _));
        Assert.False(store.TryGet("b", out _));
    }
}
