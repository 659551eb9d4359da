using ChimeLogger.Testing.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Testing.Tests;

/// <summary>The herald's model of real telemetry: generated wrappers and the manual API, through the process tracer.</summary>
public sealed class TestHeraldTests
{
    [Fact]
    public void Generated_methods_show_up_as_entities_operations_errors_events_and_logs()
    {
        using TestHerald herald = Heralds.Start();
        EventPipeline pipeline = new(herald.Tracer.CreateLogger("CHIME.pipeline"));

        pipeline.Promote("hrd-evt-1", ["hrd-beam-1", "hrd-beam-2"]);
        string classification = pipeline.Classify("hrd-evt-1", dm: 556.2);
        pipeline.Convert("hrd-evt-1", corrupt: true);
        Assert.Throws<InvalidDataException>(() => pipeline.Calibrate("hrd-evt-1"));
        herald.Flush();

        HeraldEntity entity = herald.ShouldHaveEntity("hrd-evt-1");
        Assert.Equal("FRB", classification);
        Assert.Equal("event", entity.Type);
        Assert.Equal("l2-event", entity.CreatedBy);
        Assert.Equal(Heralds.Pipeline, entity.Metadata["chime.pipeline"]);
        entity.ShouldHaveParents("hrd-beam-1", "hrd-beam-2");
        Assert.Equal(["classify", "convert-filterbank", "calibrate"], entity.Operations.Select(static op => op.Name));
        Assert.Equal("556.2", entity.ShouldHaveOperation("classify", failed: false).Metadata["helix.chime.dm"]);
        entity.ShouldHaveEvent("helix.event.classified", new Dictionary<string, object?> { ["dm"] = 556.2, ["class"] = "FRB" });
        Assert.True(entity.HasError);
        entity.ShouldHaveOperation("convert-filterbank", failed: true).ShouldBeSameErrorAs(entity.ShouldHaveError("conversion_failed", "convert-filterbank"));
        Assert.Equal("InvalidDataException", entity.ShouldHaveOperation("calibrate", failed: true).Errors.Single().Message);
        entity.ShouldHaveLog("Promoted hrd-evt-1 from 2 beams", level: "INFO");
        entity.ShouldHaveLog("Classified as FRB");
        entity.ShouldHaveLog("is corrupt", level: "WARNING");
        Assert.Null(herald.Entity("hrd-beam-1")); // parents named but never created here
        Assert.DoesNotContain(herald.Entities, static e => e.Id == "dm-fit");
    }

    [Fact]
    public async Task The_manual_api_and_tasks_started_in_the_test_are_seen()
    {
        using TestHerald herald = Heralds.Start();
        ChimeTracer tracer = herald.Tracer;

        using (HelixToken block = tracer.Create("ingest", "hrd-block-1", "raw_data"))
        {
            tracer.CreateLogger("CHIME.ingest").LogInformation("Block ingested");
        }

        await Task.WhenAll(
            Task.Run(() => tracer.Create("l1-search", "hrd-beam-1", "n2_acquisition", parent: "hrd-block-1").Complete()),
            Task.Run(async () =>
            {
                await Task.Yield();
                tracer.Create("l1-search", "hrd-beam-2", "n2_acquisition", parent: "hrd-block-1").Complete();
            }));

        Assert.Same(ChimeTelemetry.Tracer, tracer);
        Assert.Equal(["hrd-beam-1", "hrd-beam-2", "hrd-block-1"], herald.Entities.Select(static e => e.Id).Order());
        herald.ShouldHaveEntity("hrd-beam-2").ShouldHaveParents("hrd-block-1");
        HeraldLog log = herald.ShouldHaveEntity("hrd-block-1").ShouldHaveLog("Block ingested");
        Assert.Equal("raw_data", log.Attributes["resource_type"]);
        Assert.Equal(Heralds.Pipeline, log.Attributes["pipeline"]);
        Assert.Equal("CHIME.ingest", log.Category);
    }

    [Fact]
    public void Log_records_carry_their_arguments_and_scope_values_as_attributes()
    {
        using TestHerald herald = Heralds.Start();
        ILogger log = herald.Tracer.CreateLogger("CHIME.scopes");

        using (herald.Tracer.Create("ingest", "hrd-block-9", "raw_data"))
        using (log.BeginScope(new Dictionary<string, object?> { ["run"] = "night-7" }))
        {
            log.LogInformation("Block of {Beams} beams", 1024);
        }

        HeraldLog record = herald.ShouldHaveEntity("hrd-block-9").ShouldHaveLog("Block of 1024 beams", level: "INFO");
        Assert.Equal("1024", record.Attributes["Beams"]);
        Assert.Equal("night-7", record.Attributes["run"]);
        Assert.Equal("hrd-block-9", record.Attributes["helix_entity_id"]);
        Assert.Matches("^[0-9a-f]{32}$", record.TraceId);
    }

    [Fact]
    public void The_spans_are_kept_as_they_would_travel()
    {
        using TestHerald herald = Heralds.Start();

        herald.Tracer.Operate("register", "hrd-evt-2", "event").Complete(new Dictionary<string, object?> { ["catalog"] = "chime-frb" });

        ReceivedSpan span = Assert.Single(herald.Spans);
        Assert.Equal("register", span.Name);
        Assert.Equal("true", span.Attribute("helix.entity.is_operation"));
        Assert.Equal("hrd-evt-2", span.Attribute("helix.entity.id"));
        Assert.Matches("^[0-9a-f]{32}$", span.TraceId);
        Assert.Null(span.ParentSpanId);
        Assert.Equal("chime-frb", herald.ShouldHaveEntity("hrd-evt-2").ShouldHaveOperation("register").Metadata["catalog"]);
    }
}

internal static class OperationErrorAssertions
{
    /// <summary>The error of an operation is the one the entity shows (same metadata).</summary>
    public static void ShouldBeSameErrorAs(this HeraldOperation operation, HeraldError entityError) =>
        Assert.Equal(entityError.Metadata, Assert.Single(operation.Errors).Metadata);
}
