using ChimeLogger.Testing.Tests.Infrastructure;

namespace ChimeLogger.Testing.Tests.Projection;

/// <summary>
/// One test per storage rule of the herald (docs/helix-contract.md §7), on spans built by hand as they arrive, including
/// what it keeps when it writes an export's spans concurrently: a parentless creation that reaches it after an operation
/// on its id is lost (shown so, and refused by ShouldHaveEntity with the reason), a creation with parents still is kept,
/// repeats are de-duplicated on <c>message</c> falling back to <c>exception.message</c>, and the first written
/// occurrence keeps its row while the de-duplication row gets the last one's attributes.
/// </summary>
public sealed class ProjectionRuleTests
{
    [Fact]
    public void Only_a_string_entity_id_makes_an_entity()
    {
        Wire wire = new();
        wire.Create("ingest", "block-1");
        wire.Create("ingest", 42);
        wire.Create("ingest", true);
        wire.Create("ingest", "");
        wire.Create("ingest", entityId: null);

        HeraldModel model = wire.Model;

        Assert.Equal(["block-1"], model.Entities.Select(static e => e.Id));
        Assert.Null(model.Entity("42"));
        Assert.Contains(model.Ignored, reason => reason.Contains("helix.entity.id as a Int32, not a string", StringComparison.Ordinal));
        Assert.Contains(model.Ignored, reason => reason.Contains("helix.entity.id as a Boolean, not a string", StringComparison.Ordinal));
        Assert.Contains(model.Ignored, reason => reason.Contains("empty helix.entity.id", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_string_true_makes_an_operation_and_anything_else_a_creation()
    {
        Wire wire = new();
        wire.Operate("register", "evt-op", isOperation: "true");
        wire.Operate("register", "evt-bool", isOperation: true);
        wire.Operate("register", "evt-capital", isOperation: "True");
        wire.Operate("register", "evt-false", isOperation: "false");

        HeraldModel model = wire.Model;

        HeraldEntity operated = model.ShouldHaveEntity("evt-op");
        Assert.True(operated.IsPlaceholder);
        Assert.Equal("register", Assert.Single(operated.Operations).Name);
        foreach (string id in new[] { "evt-bool", "evt-capital", "evt-false" })
        {
            HeraldEntity created = model.ShouldHaveEntity(id);
            Assert.Equal("register", created.CreatedBy);
            Assert.Empty(created.Operations);
        }
    }

    [Fact]
    public void The_first_creation_of_an_id_wins_and_later_ones_are_ignored()
    {
        Wire wire = new();
        wire.Create("l2-event", "evt-1", parents: "beam-1", type: "event");
        wire.Create("reprocess", "evt-1", parents: "beam-9", type: "other");
        wire.Create("reprocess", "evt-1", type: "other");

        HeraldEntity entity = wire.Model.ShouldHaveEntity("evt-1");

        Assert.Equal("l2-event", entity.CreatedBy);
        Assert.Equal("event", entity.Type);
        Assert.Equal(["beam-1"], entity.Parents);
        Assert.Equal(2, wire.Model.Ignored.Count(reason => reason.Contains("'l2-event' created it first", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_later_creation_with_parents_is_still_stored_over_a_first_one_without_and_is_the_one_shown()
    {
        Wire wire = new();
        wire.Create("l2-event", "evt-1", type: "event");
        wire.Create("relink", "evt-1", parents: "beam-1,beam-2", type: "event");

        HeraldEntity entity = wire.Model.ShouldHaveEntity("evt-1");

        Assert.Equal("relink", entity.CreatedBy);
        Assert.Equal(["beam-1", "beam-2"], entity.Parents);
    }

    [Fact]
    public void An_operation_on_an_unknown_id_makes_a_placeholder_entity()
    {
        Wire wire = new();
        wire.Operate("register", "evt-7");

        HeraldEntity entity = wire.Model.ShouldHaveEntity("evt-7");

        Assert.True(entity.IsPlaceholder);
        Assert.Null(entity.CreatedBy);
        Assert.Null(entity.Type);
        Assert.Empty(entity.Parents);
        Assert.Empty(entity.Metadata);
        entity.ShouldHaveOperation("register");
    }

    [Fact]
    public void A_creation_arriving_after_the_placeholder_replaces_it_only_when_it_has_parents()
    {
        Wire wire = new();
        wire.Operate("register", "evt-no-parents");
        wire.Create("l2-event", "evt-no-parents");
        wire.Operate("register", "evt-parents");
        wire.Create("l2-event", "evt-parents", parents: "beam-1");

        HeraldModel model = wire.Model;

        Assert.True(model.Entity("evt-no-parents")!.IsPlaceholder);
        Assert.Contains(model.Ignored, reason => reason.Contains("'evt-no-parents' by 'l2-event' was lost: an operation on 'evt-no-parents' reached the herald first", StringComparison.Ordinal));
        HeraldEntity replaced = model.ShouldHaveEntity("evt-parents");
        Assert.Equal("l2-event", replaced.CreatedBy);
        Assert.Equal(["beam-1"], replaced.Parents);
        replaced.ShouldHaveOperation("register");
    }

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
    public void Parent_ids_are_split_on_commas_and_trimmed()
    {
        Wire wire = new();
        wire.Create("l2-event", "evt-1", parents: " beam-1 ,beam-2,, ,beam-3 ");

        HeraldEntity entity = wire.Model.ShouldHaveEntity("evt-1");

        Assert.Equal(["beam-1", "beam-2", "beam-3"], entity.Parents);
        entity.ShouldHaveParents("beam-3", "beam-1", "beam-2");
    }

    [Fact]
    public void Only_helix_events_on_entity_and_operate_spans_count()
    {
        Wire wire = new();
        wire.Create("l2-event", "evt-1", events: [wire.Event("helix.event.promoted", ("snr", 12.5)), wire.Event("promoted")]);
        wire.Operate("classify", "evt-1", events: wire.Event("helix.event.classified", ("dm", 556.2), ("class", "FRB")));
        wire.Child("feature-extraction", "evt-1", wire.Event("helix.event.features"), wire.Error("fit_failed"));

        HeraldModel model = wire.Model;
        HeraldEntity entity = model.ShouldHaveEntity("evt-1");

        Assert.Equal(["helix.event.promoted", "helix.event.classified"], entity.Events.Select(static e => e.Name));
        Assert.False(entity.HasError);
        Assert.Contains(model.Ignored, reason => reason.Contains("'promoted'", StringComparison.Ordinal) && reason.Contains("start with 'helix.'", StringComparison.Ordinal));
        Assert.Contains(model.Ignored, reason => reason.Contains("2 helix.* event(s) on the span 'feature-extraction' (a child span of 'evt-1')", StringComparison.Ordinal));
        Assert.Equal("556.2", entity.ShouldHaveEvent("helix.event.classified").Attributes["dm"]);
    }

    [Fact]
    public void A_helix_error_sets_has_error_from_a_creation_or_an_operation()
    {
        Wire wire = new();
        wire.Create("convert", "evt-1", events: wire.Error("conversion_failed", "convert-filterbank", ("detail", "bad header")));
        wire.Create("l2-event", "evt-2");
        wire.Operate("replicate", "evt-2", events: wire.Error("replication_timeout", "replicate"));
        wire.Operate("register", "evt-2");

        HeraldModel model = wire.Model;

        HeraldError conversion = model.ShouldHaveEntity("evt-1").ShouldHaveError("conversion_failed", "convert-filterbank");
        Assert.Equal("bad header", conversion.Metadata["detail"]);
        HeraldEntity replicated = model.ShouldHaveEntity("evt-2");
        Assert.True(replicated.HasError);
        Assert.True(replicated.ShouldHaveOperation("replicate").Failed);
        Assert.False(replicated.ShouldHaveOperation("register").Failed);
    }

    [Fact]
    public void Repeated_events_with_the_same_normalised_message_on_one_entity_collapse_into_one_with_a_count()
    {
        Wire wire = new();
        wire.Create("l2-event", "evt-1");
        wire.Operate("replicate", "evt-1", events: wire.Error("timeout after 30 s copying /data/evt-1/a.fil to 10.0.0.1"));
        wire.Operate("replicate", "evt-1", events: wire.Error("timeout after 45 s copying /data/evt-1/b.fil to 10.0.0.2"));
        wire.Operate("replicate", "evt-1", events: wire.Error("checksum_mismatch"));
        wire.Operate("classify", "evt-1", events: wire.Event("helix.event.classified", ("dm", 1.0)));
        wire.Operate("classify", "evt-1", events: wire.Event("helix.event.classified", ("dm", 2.0)));
        wire.Create("l2-event", "evt-2");
        wire.Operate("replicate", "evt-2", events: wire.Error("timeout after 30 s copying /data/evt-2/a.fil to 10.0.0.1"));

        HeraldModel model = wire.Model;
        HeraldEntity entity = model.ShouldHaveEntity("evt-1");

        Assert.Equal(2, entity.Errors.Count);
        HeraldError timeout = entity.Errors[0];
        Assert.Equal(2, timeout.Count);
        Assert.Equal("timeout after 30 s copying /data/evt-1/a.fil to 10.0.0.1", timeout.Message); // the first occurrence is kept
        Assert.Equal(1, entity.Errors[1].Count);
        HeraldEvent classified = Assert.Single(entity.Events);
        Assert.Equal(2, classified.Count); // no message: both normalise to the empty message
        Assert.Equal("1", classified.Attributes["dm"]);
        Assert.Equal(3, entity.Operations.Count(static operation => operation.Failed)); // operations keep their own errors
        Assert.Equal(1, model.ShouldHaveEntity("evt-2").Errors.Single().Count); // per entity
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
    public void At_most_ten_operation_rows_are_kept_per_entity_and_operation_name_the_most_recent()
    {
        Wire wire = new();
        wire.Create("l2-event", "evt-1");
        for (int attempt = 1; attempt <= 12; attempt++)
        {
            wire.Operate("replicate", "evt-1", events: wire.Event("helix.event.attempt", ("message", $"attempt {attempt}"), ("n", attempt)));
        }

        wire.Operate("register", "evt-1");

        HeraldModel model = wire.Model;
        HeraldEntity entity = model.ShouldHaveEntity("evt-1");

        List<HeraldOperation> replications = entity.Operations.Where(static operation => operation.Name == "replicate").ToList();
        Assert.Equal(10, replications.Count);
        Assert.Equal(Enumerable.Range(3, 10).Select(static n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), replications.Select(static op => op.Events.Single().Attributes["n"]));
        entity.ShouldHaveOperation("register");
        Assert.Contains(model.Ignored, reason => reason.Contains("2 older 'replicate' operation row(s) of 'evt-1' were pruned", StringComparison.Ordinal));
        Assert.Equal(12, entity.Events.Single().Count); // events are kept apart from operation rows: "attempt ?" collapses
    }

    [Fact]
    public void Operations_sharing_a_trace_are_stored_once()
    {
        Wire wire = new();
        wire.Create("l2-event", "evt-1");
        wire.Operate("classify", "evt-1", traceId: "0af7651916cd43dd8448eb211c80319c");
        wire.Operate("register", "evt-1", traceId: "0af7651916cd43dd8448eb211c80319c", events: wire.Event("helix.event.registered"));

        HeraldModel model = wire.Model;
        HeraldEntity entity = model.ShouldHaveEntity("evt-1");

        Assert.Equal(["classify"], entity.Operations.Select(static op => op.Name));
        entity.ShouldHaveEvent("helix.event.registered"); // its events still reach the entity
        Assert.Contains(model.Ignored, reason => reason.Contains("'register' on 'evt-1' was not stored", StringComparison.Ordinal));
    }

    [Fact]
    public void Child_spans_never_make_entities()
    {
        Wire wire = new();
        wire.Operate("classify", "evt-1");
        wire.Child("feature-extraction", "evt-1");
        wire.Child("dm-fit", "evt-1");

        HeraldModel model = wire.Model;

        HeraldEntity entity = Assert.Single(model.Entities);
        Assert.Equal("evt-1", entity.Id);
        Assert.Equal(["classify"], entity.Operations.Select(static op => op.Name));
        Assert.Empty(model.Ignored);
    }

    [Fact]
    public void Log_records_belong_to_the_entity_whose_id_they_carry()
    {
        Wire wire = new();
        wire.Create("l2-event", "evt-1");
        wire.Create("l2-event", "evt-2");
        wire.Log("by entity id", ("helix_entity_id", "evt-1"), ("resource_name", "evt-1"));
        wire.Log("by resource name only", ("resource_name", "evt-2"));
        wire.Log("outside spans", ("resource_name", "unknown_name"));
        wire.Log("about an entity the herald does not have", ("helix_entity_id", "evt-9"));

        HeraldModel model = wire.Model;

        Assert.Equal(["by entity id"], model.ShouldHaveEntity("evt-1").Logs.Select(static log => log.Message));
        Assert.Equal(["by resource name only"], model.ShouldHaveEntity("evt-2").Logs.Select(static log => log.Message));
        Assert.Equal(4, model.Logs.Count);
        Assert.Null(model.Logs.Single(static log => log.Message == "outside spans").EntityId);
        Assert.Equal("evt-9", model.Logs.Single(static log => log.Message!.StartsWith("about", StringComparison.Ordinal)).EntityId);
    }

    [Fact]
    public void Metadata_is_every_attribute_but_the_system_keys_as_text()
    {
        Wire wire = new();
        ReceivedSpan span = new(
            "l1-search",
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            DateTimeOffset.UnixEpoch,
            [
                new("helix.entity.id", "beam-1"),
                new("helix.instrument.id", "CHIME"),
                new("helix.parent.ids", "block-1"),
                new("helix.entity.is_operation", "false"),
                new("helix.chime.snr", 12.5),
                new("beam.count", 1024),
                new("verified", true),
                new("tiny", 1.5e-7),
                new("huge", 1e21),
                new("single", 0.1f),
                new("beam_ids", new[] { "a", "b" }),
            ]);

        HeraldEntity entity = HeraldModel.Project([span]).ShouldHaveEntity("beam-1");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["helix.chime.snr"] = "12.5",
                ["beam.count"] = "1024",
                ["verified"] = "true",
                ["tiny"] = "0.00000015",
                ["huge"] = "1000000000000000000000",
                ["single"] = "0.10000000149011612", // a float travels as a double
                ["beam_ids"] = "[a b]", // not the herald's exact text (docs/helix-contract.md §7)
            },
            entity.Metadata);
    }
}
