using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver.Model;

namespace ChimeLogger.IntegrationTests.Contract;

/// <summary>
/// What the herald reads, checked on what reached the real receiver: a helper's Setup cannot stop the process's
/// telemetry, errors and events recorded through child spans arrive on the entity span with a stage, contract keys keep
/// ChimeLogger's values, ids arrive trimmed and the site lower-case (docs/helix-contract.md §1, §2).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HeraldTruthTests(ReceiverFixture receiver) : TelemetryTest
{
    [Fact]
    public async Task What_the_herald_reads_arrives_as_the_contract_says_after_a_helper_disposed_its_own_Setup()
    {
        string pipeline = TestSetup.UniquePipeline("truth");
        using ChimeTracer owner = ChimeTelemetry.Setup(pipeline, options =>
        {
            TestSetup.Isolate(options, Folder, receiver.Receiver.OtlpGrpcEndpoint, receiver.Receiver.OtlpGrpcEndpoint);
            options.Site = "KKO";
        });

        // A helper written the way the README teaches; disposing its handle must not stop the process's telemetry.
        using (ChimeTracer helper = ChimeTelemetry.Setup("helper"))
        {
            helper.Create("ingest", " blk-truth ", "raw_data").Complete();
        }

        using (HelixToken op = owner.Operate("replicate", "evt-truth\n", "event"))
        {
            op.SetAttribute("helix.entity.is_operation", "false");
            op.SetAttribute("chime.pipeline", "hijacked");
            using (HelixToken child = owner.ChildSpan("copy-to-gbo"))
            {
                child.SetAttribute("helix.entity.id", "child-hijack");
                child.AddError("replication_timeout", detail: "gbo");
                child.AddEvent("helix.event.retried", new Dictionary<string, object?> { ["attempt"] = 2 });
            }
        }

        owner.Create("l1-search", "beam-truth", "n2_acquisition", [" blk-truth"]).Complete();
        owner.Flush();

        IReadOnlyList<ReceivedSpan> spans = await receiver.WaitForSpansAsync("chime." + pipeline, 4);
        ReceivedSpan block = spans.Single(s => s.Name == "ingest");
        Assert.Equal("blk-truth", block.Attributes["helix.entity.id"]);
        Assert.Equal("kko", block.Attributes["chime.site"]);

        ReceivedSpan replicate = spans.Single(s => s.Name == "replicate");
        Assert.Equal("evt-truth", replicate.Attributes["helix.entity.id"]);
        Assert.Equal("true", replicate.Attributes["helix.entity.is_operation"]);
        Assert.Equal(pipeline, replicate.Attributes["chime.pipeline"]);
        ReceivedSpanEvent error = Assert.Single(replicate.Events, e => e.Name == "helix.error");
        Assert.Equal("replication_timeout", error.Attributes["message"]);
        Assert.Equal("replicate", error.Attributes["stage"]);
        Assert.Equal("copy-to-gbo", error.Attributes["child_span"]);
        Assert.Single(replicate.Events, e => e.Name == "helix.event.retried");

        ReceivedSpan copy = spans.Single(s => s.Name == "copy-to-gbo");
        Assert.False(copy.Attributes.ContainsKey("helix.entity.id"));
        Assert.Equal("evt-truth", copy.Attributes["helix.log.entity_id"]);
        Assert.DoesNotContain(copy.Events, e => e.Name.StartsWith("helix.", StringComparison.Ordinal));
        Assert.Equal(ReceivedStatusCode.Error, copy.Status.Code);

        ReceivedSpan beam = spans.Single(s => s.Name == "l1-search");
        Assert.Equal("blk-truth", beam.Attributes["helix.parent.ids"]);
        Assert.Equal(block.SpanId, Assert.Single(beam.Links).SpanId);
    }
}
