using ChimeLogger.Testing.Tests.Infrastructure;

namespace ChimeLogger.Testing.Tests.Projection;

/// <summary>
/// The order in which the herald gets spans (docs/helix-contract.md §7): the order ChimeLogger's ordered delivery sends
/// them, an operation that ended inside its create after the creation, within the wait limit; TestHerald takes them in
/// that order, and with ordered delivery off shows the creation the herald then loses.
/// </summary>
public sealed class DeliveryOrderTests
{
    [Fact]
    public void An_operation_that_ended_inside_its_create_is_delivered_after_the_creation_and_only_within_the_wait_limit()
    {
        DateTimeOffset t = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        Wire wire = new();
        List<ReceivedSpan> ended =
        [
            Ended(wire.Operate("register", "blk-1"), t),
            Ended(wire.Create("ingest", "blk-1"), t.AddSeconds(1)),
            Ended(wire.Operate("register", "blk-2"), t.AddSeconds(2)),
            Ended(wire.Create("ingest", "blk-2"), t.AddSeconds(2) + ChimeLoggerOptions.OpenCreationWaitLimit + TimeSpan.FromSeconds(1)),
        ];

        IReadOnlyList<ReceivedSpan> delivered = DeliveryOrder.Of(ended, ChimeLoggerOptions.OpenCreationWaitLimit);
        HeraldModel model = HeraldModel.Project(delivered);

        Assert.Equal([ended[1], ended[0], ended[2], ended[3]], delivered);
        Assert.Equal("ingest", model.ShouldHaveEntity("blk-1").CreatedBy);
        Assert.Equal("ingest", model.Entity("blk-2")!.LostCreationStage); // its create stayed open longer than the wait
    }

    [Fact]
    public void TestHerald_keeps_the_creation_of_an_entity_operated_on_inside_its_own_create()
    {
        using TestHerald herald = Heralds.Start();

        using (herald.Tracer.Create("ingest", "hwr-blk-1", "raw_data"))
        {
            herald.Tracer.Operate("register", "hwr-blk-1", "raw_data").Complete();
        }

        HeraldEntity block = herald.ShouldHaveEntity("hwr-blk-1");
        Assert.Equal(("ingest", "raw_data"), (block.CreatedBy, block.Type));
        block.ShouldHaveOperation("register");
        Assert.Equal("register", herald.Spans[0].Name); // it ended first
        Assert.True(herald.Spans[0].EndTime <= herald.Spans[1].EndTime);
    }

    private static ReceivedSpan Ended(ReceivedSpan span, DateTimeOffset end) => new(
        span.Name, span.TraceId, span.SpanId, span.StartTime, span.Attributes, span.Events, span.ParentSpanId) { EndTime = end };
}

/// <summary>TestHerald with ordered delivery off shows what the herald then loses.</summary>
[Collection(HeraldAloneCollection.Name)]
public sealed class HeraldWithoutOrderedDeliveryTests
{
    [Fact]
    public void Without_ordered_delivery_an_entity_operated_on_inside_its_own_create_loses_its_creation()
    {
        using TestHerald herald = TestHerald.Start("no-order", static options => options.ExportCreationPause = TimeSpan.Zero);

        using (herald.Tracer.Create("ingest", "hwo-blk-1", "raw_data"))
        {
            herald.Tracer.Operate("register", "hwo-blk-1", "raw_data").Complete();
        }

        Assert.Equal(TimeSpan.Zero, herald.Tracer.ExportCreationPause);
        Assert.Equal("ingest", herald.Entity("hwo-blk-1")!.LostCreationStage);
        HeraldAssertionException failure = Assert.Throws<HeraldAssertionException>(() => herald.ShouldHaveEntity("hwo-blk-1"));
        Assert.Contains("its creation by 'ingest' was lost", failure.Message, StringComparison.Ordinal);
        Assert.Contains("its creation by ingest was LOST", herald.Describe(), StringComparison.Ordinal);
    }
}
