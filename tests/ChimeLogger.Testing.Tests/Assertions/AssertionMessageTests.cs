using ChimeLogger.Testing.Tests.Infrastructure;

namespace ChimeLogger.Testing.Tests.Assertions;

/// <summary>A failed assertion says what was expected and shows what the herald would have.</summary>
public sealed class AssertionMessageTests
{
    private static HeraldModel Pipeline()
    {
        Wire wire = new();
        wire.Create("l1-search", "beam-1", type: "n2_acquisition");
        wire.Create("l2-event", "evt-1", parents: "beam-1,beam-2", events: wire.Event("helix.event.promoted", ("snr", 14)));
        wire.Operate("classify", "evt-1", events: wire.Event("helix.event.classified", ("dm", 556.2), ("class", "FRB")));
        wire.Operate("replicate", "evt-1", events: wire.Error("replication_timeout", "replicate", ("destination", "gbo")));
        wire.Operate("replicate", "evt-1", events: wire.Error("replication_timeout", "replicate", ("destination", "kko")));
        wire.Child("catalog-lookup", "evt-1", wire.Error("lookup_failed"));
        wire.Log("Classified as FRB", ("helix_entity_id", "evt-1"));
        return wire.Model;
    }

    [Fact]
    public void A_missing_operation_shows_the_entity_its_parents_operations_errors_and_events()
    {
        HeraldEntity entity = Pipeline().ShouldHaveEntity("evt-1");

        HeraldAssertionException failure = Assert.Throws<HeraldAssertionException>(() => entity.ShouldHaveOperation("register"));

        string expected = """
            Expected entity 'evt-1' to have an operation 'register', but its operations are classify, replicate (failed), replicate (failed).

            What the herald would have for 'evt-1':
            - evt-1  type event, created by l2-event  has_error
                parents: beam-1, beam-2
                operation classify  ok  [helix.event.classified]
                operation replicate  failed  [error replication_timeout at stage replicate]
                operation replicate  failed  [error replication_timeout at stage replicate]
                error replication_timeout at stage replicate (x2)  {message=replication_timeout, stage=replicate, destination=gbo}  last {message=replication_timeout, stage=replicate, destination=kko}
                event helix.event.promoted  {snr=14}
                event helix.event.classified  {dm=556.2, class=FRB}
                log INFO Classified as FRB

            Ignored by the herald:
              - 1 helix.* event(s) on the span 'catalog-lookup' (a child span of 'evt-1') were dropped: the herald keeps events only on spans with a string helix.entity.id.
            """;
        Assert.Equal(expected.ReplaceLineEndings(), failure.Message.ReplaceLineEndings().TrimEnd());
    }

    [Fact]
    public void A_missing_entity_lists_every_entity_and_what_was_ignored_about_the_id()
    {
        Wire wire = new();
        wire.Create("l1-search", "beam-1", type: "n2_acquisition");
        wire.Create("l2-event", " evt-1");
        wire.Child("convert", "evt-2", wire.Error("conversion_failed"));
        HeraldModel model = wire.Model;

        HeraldAssertionException trimmed = Assert.Throws<HeraldAssertionException>(() => model.ShouldHaveEntity("evt-1"));
        HeraldAssertionException child = Assert.Throws<HeraldAssertionException>(() => model.ShouldHaveEntity("evt-2"));

        Assert.StartsWith("The herald would have no entity 'evt-1'. There is an entity ' evt-1': ids are compared exactly, and the herald does not trim helix.entity.id.", trimmed.Message, StringComparison.Ordinal);
        Assert.Contains("The herald would have 2 entities:", trimmed.Message, StringComparison.Ordinal);
        Assert.Contains("- beam-1  type n2_acquisition, created by l1-search", trimmed.Message, StringComparison.Ordinal);
        Assert.Contains("(a child span of 'evt-2') were dropped", child.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_events_parents_and_logs_say_what_the_entity_has_instead()
    {
        HeraldEntity entity = Pipeline().ShouldHaveEntity("evt-1");
        HeraldEntity beam = Pipeline().ShouldHaveEntity("beam-1");

        Assert.StartsWith(
            "Expected entity 'evt-1' to have a helix.error with message 'conversion_failed', but its errors are message 'replication_timeout' at stage 'replicate'.",
            Assert.Throws<HeraldAssertionException>(() => entity.ShouldHaveError("conversion_failed")).Message, StringComparison.Ordinal);
        Assert.StartsWith(
            "Expected entity 'evt-1' to have the event 'helix.event.classified' with {dm=600}, but its events are helix.event.promoted {snr=14}, helix.event.classified {dm=556.2, class=FRB}.",
            Assert.Throws<HeraldAssertionException>(() => entity.ShouldHaveEvent("helix.event.classified", new Dictionary<string, object?> { ["dm"] = 600 })).Message, StringComparison.Ordinal);
        Assert.StartsWith(
            "Expected entity 'evt-1' to have the parents beam-1, beam-3, but it has beam-1, beam-2 (missing: beam-3) (not expected: beam-2).",
            Assert.Throws<HeraldAssertionException>(() => entity.ShouldHaveParents("beam-1", "beam-3")).Message, StringComparison.Ordinal);
        Assert.StartsWith(
            "Expected entity 'evt-1' to have no error, but the herald would mark it has_error: message 'replication_timeout' at stage 'replicate'.",
            Assert.Throws<HeraldAssertionException>(() => entity.ShouldNotHaveError()).Message, StringComparison.Ordinal);
        Assert.StartsWith(
            "Expected entity 'beam-1' to have a log record containing 'Searching', but no log record carries its id.",
            Assert.Throws<HeraldAssertionException>(() => beam.ShouldHaveLog("Searching")).Message, StringComparison.Ordinal);
        Assert.Same(beam, beam.ShouldNotHaveError());
    }

    [Fact]
    public void An_assertion_on_a_missing_entity_says_to_ask_the_herald()
    {
        HeraldEntity? missing = Pipeline().Entity("evt-404");

        HeraldAssertionException failure = Assert.Throws<HeraldAssertionException>(() => missing.ShouldHaveOperation("register"));

        Assert.Equal(
            "Expected an entity with an operation 'register', but there is no entity: Entity(id) returned null. Call ShouldHaveEntity(id) on the herald instead to see every entity it would have.",
            failure.Message);
    }

    [Fact]
    public void Describe_prints_the_whole_graph_and_placeholders()
    {
        Wire wire = new();
        wire.Create("ingest", "block-1", type: "raw_data");
        wire.Operate("register", "evt-9");
        wire.Log("outside", ("resource_name", "unknown_name"));

        string text = wire.Model.Describe();

        Assert.Equal(
            """
            The herald would have 2 entities:
            - block-1  type raw_data, created by ingest
                parents: none
                operations: none
                errors and events: none
            - evt-9  placeholder (an operation named it; no creation was stored)
                parents: none
                operation register  ok
                errors and events: none
            1 log record written outside any entity.
            """.ReplaceLineEndings(),
            text.ReplaceLineEndings().TrimEnd());
    }
}
