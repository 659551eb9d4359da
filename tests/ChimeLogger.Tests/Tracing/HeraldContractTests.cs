using ChimeLogger.Testing;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Tests.Tracing;

/// <summary>
/// The span contract said the way the herald would store it (docs/helix-contract.md §7): entities, parents, operation
/// rows, errors and events. SpanContractTests keeps the same behaviour at the level of span attributes.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HeraldContractTests
{
    // No machine environment, a known site, every level: the same ground as TelemetryHarness.
    private static readonly Action<ChimeLoggerOptions> s_isolated = static options =>
    {
        options.EnvironmentReader = static _ => null;
        options.Site = "kko";
        options.MinimumLogLevel = LogLevel.Debug;
    };

    private static TestHerald Start() => TestHerald.Start("test-pipeline", s_isolated);

    [Fact]
    public void A_create_makes_an_entity_with_its_type_stage_and_chime_metadata()
    {
        using TestHerald herald = Start();

        herald.Tracer.Create("l1-search", resourceName: "beam-0042", resourceType: "n2_acquisition").Complete();

        HeraldEntity beam = herald.ShouldHaveEntity("beam-0042");
        Assert.Equal("n2_acquisition", beam.Type);
        Assert.Equal("l1-search", beam.CreatedBy);
        Assert.Empty(beam.Parents);
        Assert.Empty(beam.Operations);
        Assert.Equal("test-pipeline", beam.Metadata["chime.pipeline"]);
        Assert.Equal("kko", beam.Metadata["chime.site"]);
        Assert.Equal("CHIME/test-pipeline", beam.Metadata["helix.process.name"]);
        Assert.False(beam.Metadata.ContainsKey("helix.entity.id"));
        Assert.Empty(herald.Model.Ignored);
    }

    [Fact]
    public void Parents_reach_the_herald_whether_or_not_they_were_created_in_this_process()
    {
        using TestHerald herald = Start();
        herald.Tracer.Create("ingest", "block-1", "raw_data").Complete();

        herald.Tracer.Create("l1-search", "beam-1", "n2_acquisition", ["block-1", "block-from-elsewhere"]).Complete();
        herald.Tracer.Create("l2-event", "event-1", "event", ["beam-1", "beam,b", " ", "beam-c"]).Complete();

        herald.ShouldHaveEntity("beam-1").ShouldHaveParents("block-1", "block-from-elsewhere");
        herald.ShouldHaveEntity("event-1").ShouldHaveParents("beam-1", "beam-c"); // a comma id would have split into two
    }

    [Fact]
    public void An_operation_is_a_row_in_the_history_of_its_entity_and_never_a_new_entity()
    {
        using TestHerald herald = Start();
        herald.Tracer.Create("l2-event", "event-1", "event").Complete();

        using (herald.Tracer.Operate("classify", "event-1", "event"))
        using (herald.Tracer.ChildSpan("feature-extraction"))
        using (herald.Tracer.ChildSpan("dm-fit"))
        {
        }

        herald.Tracer.Operate("register", "event-1", "event").Complete();

        HeraldEntity entity = Assert.Single(herald.Entities);
        Assert.Equal("l2-event", entity.CreatedBy);
        Assert.Equal(["classify", "register"], entity.Operations.Select(static operation => operation.Name));
        Assert.Equal(2, entity.Operations.Select(static operation => operation.TraceId).Distinct().Count()); // both rows survive the herald's per-trace de-duplication
        Assert.Empty(herald.Model.Ignored);
    }

    [Fact]
    public void An_operation_on_an_entity_never_created_makes_a_placeholder()
    {
        using TestHerald herald = Start();

        herald.Tracer.Operate("register", "event-5", "event").Complete();

        HeraldEntity entity = herald.ShouldHaveEntity("event-5");
        Assert.True(entity.IsPlaceholder);
        Assert.Null(entity.Type);
        entity.ShouldHaveOperation("register");
    }

    [Fact]
    public void An_operation_whose_entity_id_is_set_late_lands_on_that_entity_and_one_without_lands_nowhere()
    {
        using TestHerald herald = Start();

        using (HelixToken op = herald.Tracer.Operate("associate", resourceType: "event"))
        {
            op.SetEntityId("event-77");
        }

        herald.Tracer.Operate("register", resourceType: "event").Complete();

        Assert.Equal(["event-77"], herald.Entities.Select(static entity => entity.Id));
        herald.ShouldHaveEntity("event-77").ShouldHaveOperation("associate");
        Assert.Contains("The operation 'register' has no helix.entity.id: it is linked to no entity.", herald.Model.Ignored);
    }

    [Fact]
    public void Errors_mark_the_entity_and_the_failed_operation_and_repeated_ones_are_counted()
    {
        using TestHerald herald = Start();
        herald.Tracer.Create("l2-event", "event-1", "event").Complete();

        using (HelixToken op = herald.Tracer.Operate("replicate", "event-1", "event"))
        {
            op.AddError(new Dictionary<string, object?> { ["message"] = "replication_timeout", ["stage"] = "replicate", ["destination"] = "gbo", ["attempt"] = 1 });
            op.AddError(new Dictionary<string, object?> { ["message"] = "replication_timeout", ["stage"] = "replicate", ["destination"] = "kko", ["attempt"] = 2 });
        }

        HelixToken convert = herald.Tracer.Operate("convert", "event-1", "event");
        convert.Error("conversion_failed", detail: "bad header in event-1");
        convert.Error("second_error");

        HeraldEntity entity = herald.ShouldHaveEntity("event-1");
        Assert.True(entity.HasError);
        HeraldError timeout = entity.ShouldHaveError("replication_timeout", "replicate");
        Assert.Equal(2, timeout.Count);
        Assert.Equal("gbo", timeout.Metadata["destination"]);
        Assert.Equal(2, entity.ShouldHaveOperation("replicate", failed: true).Errors.Count);
        HeraldError conversion = Assert.Single(entity.ShouldHaveOperation("convert", failed: true).Errors); // Error ends the span once
        Assert.Equal("conversion_failed", conversion.Message);
        Assert.Equal("bad header in event-1", conversion.Metadata["detail"]);
    }

    [Fact]
    public void An_exception_is_stored_as_an_error_whose_message_is_the_type_name()
    {
        using TestHerald herald = Start();
        HelixToken op = herald.Tracer.Operate("convert", "event-1", "event");

        try
        {
            throw new InvalidDataException("header of event-1 is corrupt");
        }
        catch (Exception ex) when (op.RecordException(ex))
        {
        }
        catch (InvalidDataException)
        {
            op.Complete();
        }

        HeraldError error = herald.ShouldHaveEntity("event-1").ShouldHaveError("InvalidDataException");
        Assert.Equal("System.IO.InvalidDataException", error.Metadata["exception.type"]);
        Assert.Equal("header of event-1 is corrupt", error.Metadata["exception.message"]);
    }

    [Fact]
    public void Events_keep_their_values_and_names_without_the_helix_prefix_are_dropped()
    {
        using TestHerald herald = Start();

        using (HelixToken op = herald.Tracer.Operate("classify", "event-4", "event"))
        {
            op.AddEvent("helix.event.classified", new Dictionary<string, object?> { ["dm"] = 556.2, ["snr"] = 14, ["class"] = "FRB", ["repeater"] = false });
            op.AddEvent("classified");
        }

        HeraldEntity entity = herald.ShouldHaveEntity("event-4");
        entity.ShouldHaveEvent("helix.event.classified", new Dictionary<string, object?> { ["dm"] = 556.2, ["snr"] = 14, ["class"] = "FRB", ["repeater"] = false });
        Assert.Single(entity.Events);
        Assert.False(entity.HasError);
        Assert.Contains(herald.Model.Ignored, static reason => reason.Contains("'classified'", StringComparison.Ordinal) && reason.Contains("start with 'helix.'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_create_without_a_usable_resource_name_makes_no_entity()
    {
        using TestHerald herald = Start();

        herald.Tracer.Create("l1-search", "  ", "n2_acquisition").Complete();

        Assert.Empty(herald.Entities);
        Assert.Single(herald.Spans);
    }

    [Fact]
    public void Log_records_inside_any_span_of_an_entity_belong_to_it_and_others_to_none()
    {
        using TestHerald herald = Start();
        ILogger log = herald.Tracer.CreateLogger("CHIME.classifier");

        using (herald.Tracer.Operate("classify", "event-7", "event"))
        {
            log.LogDebug("classifying");
            using (herald.Tracer.ChildSpan("feature-extraction"))
            {
                log.LogWarning("features are thin");
            }
        }

        log.LogInformation("between events");

        HeraldEntity entity = herald.ShouldHaveEntity("event-7");
        Assert.Equal(["classifying", "features are thin"], entity.Logs.Select(static record => record.Message));
        Assert.Equal(["DEBUG", "WARNING"], entity.Logs.Select(static record => record.Level));
        Assert.Null(herald.Logs.Single(static record => record.Message == "between events").EntityId);
    }
}
