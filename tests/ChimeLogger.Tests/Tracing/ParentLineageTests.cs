using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using ChimeLogger.Configuration;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests.Tracing;

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
    public void A_single_parent_that_cannot_be_sent_is_left_out_with_a_warning()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("l2-event", "evt-1", "event", "blk-1,blk-2").Complete();

        Activity span = harness.SingleSpan("l2-event");
        Assert.Null(span.GetTagItem(HelixAttributes.ParentIds));
        Assert.Empty(span.Links);
        Assert.Contains(harness.Warnings, w => (w.FormattedMessage ?? "").StartsWith("Parent id 'blk-1,blk-2' of 'l2-event' left out of helix.parent.ids", StringComparison.Ordinal));
    }

    [Fact]
    public void Many_threads_on_shared_parents_keep_each_flow_apart_and_every_span_is_exported()
    {
        const int Threads = 16;
        const int FlowsPerThread = 100;
        using TelemetryHarness harness = new();
        ChimeTracer tracer = harness.Tracer;
        string[] sharedParents = ["block-shared-1", "block-shared-2"];
        foreach (string parent in sharedParents)
        {
            tracer.Create("ingest", parent, "raw_data").Complete();
        }

        ConcurrentQueue<Exception> errors = new();
        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                ILogger log = tracer.CreateLogger("CHIME.flow");
                for (int i = 0; i < FlowsPerThread; i++)
                {
                    string entity = $"beam-{t}-{i}";
                    using (HelixToken create = tracer.Create("l1-search", entity, "n2_acquisition", sharedParents))
                    {
                        log.LogInformation("flow {Flow}", entity);
                        using (tracer.ChildSpan("dedisperse"))
                        {
                            log.LogInformation("flow {Flow}", entity);
                        }

                        create.SetAttribute("flow", entity);
                    }

                    using HelixToken operate = tracer.Operate("classify", entity, "event");
                    log.LogInformation("flow {Flow}", entity);
                    operate.Complete(new Dictionary<string, object?> { ["flow"] = entity });
                }
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromMinutes(1)), "A flow thread did not finish.");
        }

        Assert.Empty(errors);
        int flows = Threads * FlowsPerThread;
        Activity[] spans = harness.Spans.Skip(sharedParents.Length).ToArray();
        Assert.Equal(flows * 3, spans.Length);
        Dictionary<ActivitySpanId, Activity> byId = spans.ToDictionary(s => s.SpanId);
        foreach (Activity span in spans)
        {
            switch (span.DisplayName)
            {
                case "l1-search":
                    Assert.Equal(span.GetTagItem("flow"), span.GetTagItem(HelixAttributes.EntityId));
                    Assert.Equal("block-shared-1,block-shared-2", span.GetTagItem(HelixAttributes.ParentIds));
                    Assert.Equal(2, span.Links.Count());
                    break;
                case "classify":
                    Assert.Equal(span.GetTagItem("flow"), span.GetTagItem(HelixAttributes.EntityId));
                    Assert.Equal(default, span.ParentSpanId); // a new root trace
                    break;
                default:
                    Activity parent = byId[span.ParentSpanId];
                    Assert.Equal(parent.GetTagItem(HelixAttributes.EntityId), span.GetTagItem(HelixAttributes.LogEntityId));
                    break;
            }
        }

        Assert.Equal(flows, spans.Select(s => s.GetTagItem(HelixAttributes.EntityId)).OfType<string>().Distinct().Count());
        LogRecord[] logs = harness.Logs.Where(l => l.CategoryName == "CHIME.flow").ToArray();
        Assert.Equal(flows * 3, logs.Length);
        Assert.All(logs, record =>
        {
            Dictionary<string, object?> attributes = TelemetryHarness.Attributes(record);
            Assert.Equal(attributes["Flow"], attributes["resource_name"]);
        });
    }
}
