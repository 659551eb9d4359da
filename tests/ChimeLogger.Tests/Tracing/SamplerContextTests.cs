using System.Diagnostics;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests.Tracing;

/// <summary>
/// What <see cref="ChimeLoggerOptions.Sampler"/> is shown: the parent of a create or child span opened inside another
/// span (its trace id and span id), a fresh random trace id for each root, an id it kept that never changes afterwards;
/// and a span started on ChimeLogger's source by other code is decided by the sampler itself, never by a decision
/// ChimeLogger took for one of its own spans.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SamplerContextTests
{
    [Fact]
    public void Spans_opened_inside_another_span_are_decided_with_that_span_as_their_parent()
    {
        RecordingSampler sampler = new(_ => SamplingDecision.RecordAndSample);
        using TelemetryHarness harness = new(configure: options => options.Sampler = sampler);

        ActivityContext outer;
        using (harness.Tracer.Create("l1-search", "beam-1", "n2_acquisition"))
        {
            outer = Activity.Current!.Context;
            harness.Tracer.Create("l2-event", "evt-1", "event").Complete();
            harness.Tracer.ChildSpan("dedisperse").Complete();
        }

        foreach (string name in new[] { "l2-event", "dedisperse" })
        {
            SamplingParameters asked = sampler.Asked.Single(p => p.Name == name);
            Assert.Equal(outer.TraceId, asked.TraceId);
            Assert.Equal(outer.TraceId, asked.ParentContext.TraceId);
            Assert.Equal(outer.SpanId, asked.ParentContext.SpanId);
        }

        Assert.Equal(default, sampler.Asked.Single(p => p.Name == "l1-search").ParentContext.TraceId);
    }

    [Fact]
    public void Each_root_is_decided_with_a_fresh_trace_id_and_an_id_the_sampler_kept_never_changes()
    {
        RecordingSampler sampler = new(name => name.StartsWith("kept", StringComparison.Ordinal) ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
        using TelemetryHarness harness = new(configure: options => options.Sampler = sampler);

        harness.Tracer.Operate("dropped-1", "evt-1", "event").Complete();
        harness.Tracer.Operate("dropped-2", "evt-2", "event").Complete();
        harness.Tracer.Operate("kept-1", "evt-3", "event").Complete();
        string keptId = new(sampler.Asked.Single(p => p.Name == "kept-1").TraceId.ToHexString().AsSpan());
        harness.Tracer.Operate("dropped-3", "evt-4", "event").Complete();
        harness.Tracer.Operate("kept-2", "evt-5", "event").Complete();

        string[] ids = [.. sampler.TraceIds];
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(ids, id => id == new string('0', 32));
        Assert.Equal(keptId, sampler.Asked.Single(p => p.Name == "kept-1").TraceId.ToHexString());
    }

    [Fact]
    public void A_span_other_code_starts_on_the_chimelogger_source_is_decided_by_the_sampler_itself()
    {
        RecordingSampler sampler = new(name => name == "kept" ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
        using TelemetryHarness harness = new(configure: options => options.Sampler = sampler);
        using ActivitySource otherCode = new(ChimeTelemetry.ActivitySourceName);

        harness.Tracer.Operate("kept", "evt-1", "event").Complete();
        using Activity? started = otherCode.StartActivity("not-kept");

        Assert.Contains(sampler.Asked, p => p.Name == "not-kept"); // asked, not given the decision held for "kept"
        Assert.False(started?.Recorded ?? false);
    }

    /// <summary>Decides by span name and keeps what it was asked, with a copy of each trace id's text at the time.</summary>
    private sealed class RecordingSampler(Func<string, SamplingDecision> decide) : Sampler
    {
        public List<SamplingParameters> Asked { get; } = [];

        public List<string> TraceIds { get; } = [];

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
        {
            Asked.Add(samplingParameters);
            TraceIds.Add(new string(samplingParameters.TraceId.ToHexString().AsSpan())); // a copy: a dropped root's id is reused

            return new SamplingResult(decide(samplingParameters.Name));
        }
    }
}
