using System.Diagnostics;

namespace ChimeLogger.Tests.Tracing;

/// <summary>
/// The manual API's natural call shapes, those of the Python API among them, compile as written here and open the spans
/// they say: this file does not build when an overload makes one of them ambiguous.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ManualApiCallShapeTests
{
    [Fact]
    public void Create_takes_no_parents_one_parent_or_a_list_positionally_and_by_name()
    {
        using TelemetryHarness harness = new();
        ChimeTracer tel = harness.Tracer;
        List<string> list = ["blk-a", "blk-b"];
        string[] array = ["blk-c"];
        IEnumerable<string> sequence = list.Where(id => id.EndsWith('b'));
        string? noParent = null;

        tel.Create("s01", "id-01", "type").Complete();
        tel.Create("s02", "id-02", "type", null).Complete();
        tel.Create("s03", "id-03", "type", "blk-a").Complete();
        tel.Create("s04", "id-04", "type", ["blk-a", "blk-b"]).Complete();
        tel.Create("s05", "id-05", "type", list).Complete();
        tel.Create("s06", "id-06", "type", array).Complete();
        tel.Create("s07", "id-07", "type", sequence).Complete();
        tel.Create("s08", "id-08", "type", noParent).Complete();
        tel.Create("s09", "id-09", null, null).Complete();
        tel.Create("s10", resourceName: "id-10", resourceType: "type", parents: ["blk-a"]).Complete();
        tel.Create("s11", resourceName: "id-11", resourceType: "type", parents: list).Complete();
        tel.Create("s12", resourceName: "id-12", resourceType: "type", parents: null).Complete();
        tel.Create("s13", "id-13", "type", parent: "blk-b").Complete();
        tel.Create("s14", "id-14", "type", parent: null).Complete();
        tel.Create("s15", "id-15", parents: list).Complete();
        tel.Create(stage: "s16", resourceName: "id-16").Complete();
        tel.Create("s17", "id-17", "type", []).Complete();
        using (HelixToken token = tel.Create("s18", "id-18", "type", ["blk-a"]))
        {
            Assert.True(token.IsRecording);
        }

        Dictionary<string, object?> parentsBySpan = harness.Spans.ToDictionary(span => span.DisplayName, span => span.GetTagItem(HelixAttributes.ParentIds));
        Assert.Equal(18, parentsBySpan.Count);
        Assert.Equal(
            [null, null, "blk-a", "blk-a,blk-b", "blk-a,blk-b", "blk-c", "blk-b", null, null, "blk-a", "blk-a,blk-b", null, "blk-b", null, "blk-a,blk-b", null, null, "blk-a"],
            Enumerable.Range(1, 18).Select(i => parentsBySpan[$"s{i:00}"]));
        Assert.All(harness.Spans, span => Assert.Equal(span.DisplayName.Replace('s', 'i').Insert(1, "d-"), span.GetTagItem(HelixAttributes.EntityId)));
    }

    [Fact]
    public void Operate_child_span_and_token_calls_take_the_shapes_of_the_readme()
    {
        using TelemetryHarness harness = new();
        ChimeTracer tel = ChimeTelemetry.GetTracer()!;

        using (HelixToken op = tel.Operate("classify", resourceName: "evt-1", resourceType: "event"))
        {
            using (HelixToken step = tel.ChildSpan("catalog-lookup"))
            {
                step.SetAttribute("rows", 3);
            }

            op.AddEvent("helix.event.classified", new Dictionary<string, object?> { ["dm"] = 556.25, ["class"] = "FRB" });
            op.AddError("replication_timeout", detail: "kko");
        }

        HelixToken late = tel.Operate("associate");
        late.SetEntityId("evt-2");
        late.Complete(new Dictionary<string, object?> { ["matched"] = true });
        tel.Operate("register", "evt-3").Error("registration_failed");

        Assert.Equal("evt-1", harness.SingleSpan("classify").GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("evt-1", harness.SingleSpan("catalog-lookup").GetTagItem(HelixAttributes.LogEntityId));
        Assert.Equal("evt-2", harness.SingleSpan("associate").GetTagItem(HelixAttributes.EntityId));
        Assert.Equal(ActivityStatusCode.Error, harness.SingleSpan("register").Status);
    }
}
