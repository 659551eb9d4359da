using ChimeLogger.Testing.Tests.Infrastructure;

namespace ChimeLogger.Testing.Tests.Projection;

/// <summary>
/// What the herald really keeps when it writes an export's spans concurrently (docs/helix-contract.md §7): a parentless
/// creation that reaches it after an operation on its id is lost (shown so, and refused by ShouldHaveEntity with the
/// reason), a creation with parents still is kept, repeats are de-duplicated on <c>message</c> falling back to
/// <c>exception.message</c>, the first written occurrence keeps its row and the de-duplication row the last one's
/// attributes; and TestHerald takes spans in the order ChimeLogger's ordered delivery sends them.
/// </summary>
public sealed class HeraldWriteRuleTests
{
    [Fact]
    public void A_parentless_creation_reaching_the_herald_after_an_operation_is_lost_shown_so_and_refused_by_ShouldHaveEntity()
    {
        Wire wire = new();
        wire.Operate("register", "blk-1");
        wire.Create("ingest", "blk-1", type: "raw_data");

        HeraldModel model = wire.Model;

        HeraldEntity placeholder = model.Entity("blk-1")!;
        Assert.Equal(("ingest", true, null), (placeholder.LostCreationStage, placeholder.IsPlaceholder, placeholder.Type));
        Assert.Contains("- blk-1  placeholder: its creation by ingest was LOST (an operation reached the herald first; a creation without parents does not replace a placeholder)", model.Describe(), StringComparison.Ordinal);
        HeraldAssertionException failure = Assert.Throws<HeraldAssertionException>(() => model.ShouldHaveEntity("blk-1"));
        Assert.StartsWith(
            "The herald would keep 'blk-1' only as a placeholder: its creation by 'ingest' was lost. An operation on 'blk-1' reached the herald first (an operate that ended before the create did)",
            failure.Message, StringComparison.Ordinal);
        Assert.Contains("End the create span of 'blk-1' before operating on it (ChimeLogger's ordered delivery holds such an operation for at most 30 s)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("What the herald would have for 'blk-1':", failure.Message, StringComparison.Ordinal);
        Assert.Contains("  - The creation of 'blk-1' by 'ingest' was lost", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_creation_with_parents_after_a_placeholder_is_kept_and_so_is_a_lost_one_put_right_by_it()
    {
        Wire wire = new();
        wire.Operate("register", "beam-1");
        wire.Create("l1-search", "beam-1", parents: "blk-1", type: "n2_acquisition");
        wire.Operate("register", "evt-1");
        wire.Create("l2-event", "evt-1");
        wire.Create("relink", "evt-1", parents: "beam-1");

        HeraldModel model = wire.Model;

        HeraldEntity beam = model.ShouldHaveEntity("beam-1");
        Assert.Equal(("l1-search", null), (beam.CreatedBy, beam.LostCreationStage));
        beam.ShouldHaveParents("blk-1").ShouldHaveOperation("register");
        HeraldEntity evt = model.ShouldHaveEntity("evt-1");
        Assert.Equal(("relink", null), (evt.CreatedBy, evt.LostCreationStage));
        Assert.DoesNotContain("LOST", model.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Repeats_are_de_duplicated_on_the_exception_message_when_the_message_is_empty()
    {
        Wire wire = new();
        wire.Create("l2-event", "evt-1", events:
        [
            wire.Event(HelixAttributes.ErrorEvent, ("exception.message", "timeout after 30 s on node 12")),
            wire.Event(HelixAttributes.ErrorEvent, ("message", ""), ("exception.message", "timeout after 45 s on node 7")),
            wire.Event(HelixAttributes.ErrorEvent, ("exception.message", "disk full")),
            wire.Error("timeout after 30 s on node 12"),
        ]);

        IReadOnlyList<HeraldError> errors = wire.Model.ShouldHaveEntity("evt-1").Errors;

        // The first two collapse (the same exception message once numbers are replaced); "disk full" is another; a
        // message, when there is one, is what counts, and it matches the first two's fallback.
        HeraldError timeout = Assert.Single(errors, error => error.Metadata.GetValueOrDefault("exception.message") == "timeout after 30 s on node 12");
        Assert.Equal(3, timeout.Count);
        Assert.Equal(1, Assert.Single(errors, error => error.Metadata.GetValueOrDefault("exception.message") == "disk full").Count);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Of_a_repeated_error_the_first_written_keeps_its_row_and_the_de_duplication_row_the_last_ones_attributes()
    {
        Wire wire = new();
        wire.Operate("replicate", "evt-1", events: [wire.Error("replication_timeout", "replicate", ("destination", "kko"))]);
        wire.Operate("replicate", "evt-1", events: [wire.Error("replication_timeout", "replicate", ("destination", "gbo"))]);
        wire.Operate("replicate", "evt-1", events: [wire.Error("replication_timeout", "replicate", ("destination", "hco"))]);

        HeraldModel model = wire.Model;
        HeraldError error = model.Entity("evt-1")!.ShouldHaveError("replication_timeout");

        Assert.Equal(3, error.Count);
        Assert.Equal("kko", error.Metadata["destination"]);
        Assert.Equal("hco", error.LatestMetadata["destination"]);
        Assert.Contains("error replication_timeout at stage replicate (x3)  {message=replication_timeout, stage=replicate, destination=kko}  last {message=replication_timeout, stage=replicate, destination=hco}", model.Describe(), StringComparison.Ordinal);
    }

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
