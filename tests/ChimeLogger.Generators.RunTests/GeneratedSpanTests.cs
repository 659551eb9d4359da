using System.Diagnostics;
using ChimeLogger.Generators.RunTests.Infrastructure;
using OpenTelemetry.Trace;

namespace ChimeLogger.Generators.RunTests;

/// <summary>Runs generated code against the real runtime and checks the spans it exports.</summary>
[Collection(ProcessTelemetryCollection.Name)]
public sealed class GeneratedSpanTests
{
    [Fact]
    public void Operate_records_the_entity_and_typed_span_attributes_and_passes_the_token_to_core()
    {
        using TelemetryScope scope = new();
        InstrumentedPipeline pipeline = new();

        pipeline.Register("evt-1", 12.5, 3, verified: true);

        Activity span = scope.Single("register");
        Assert.Equal("evt-1", span.GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("true", span.GetTagItem(HelixAttributes.IsOperation));
        Assert.Equal("event", span.GetTagItem(HelixAttributes.ResourceType));
        Assert.Equal("12.5", span.GetTagItem("helix.chime.snr"));
        Assert.Equal("3", span.GetTagItem("beam.count"));
        Assert.Equal("true", span.GetTagItem("verified"));
        Assert.Same(span, pipeline.ReceivedToken.Activity);
        Assert.Same(span, pipeline.CurrentInCore?.Activity);
        Assert.True(span.IsStopped);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public void Create_reads_the_entity_id_and_parents_from_members_and_a_child_span_nests_inside()
    {
        using TelemetryScope scope = new();
        InstrumentedPipeline pipeline = new();

        string entry = pipeline.Promote(new Candidate { EventId = "evt-2", BeamIds = ["beam-1", "beam-2"] });

        Assert.Equal("entry-evt-2", entry);
        Activity create = scope.Single("l2-event");
        Activity child = scope.Single("catalog-lookup");
        Assert.Equal("evt-2", create.GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("beam-1,beam-2", create.GetTagItem(HelixAttributes.ParentIds));
        Assert.Equal(create.SpanId, child.ParentSpanId);
        Assert.Equal("evt-2", child.GetTagItem(HelixAttributes.LogEntityId));
        Assert.Null(child.GetTagItem(HelixAttributes.EntityId));
    }

    [Fact]
    public async Task An_async_span_ends_when_the_task_completes_not_when_it_is_returned()
    {
        using TelemetryScope scope = new();
        InstrumentedPipeline pipeline = new();

        Task<int> search = pipeline.SearchAsync("beam-3", "block-3");

        Assert.False(search.IsCompleted);
        Activity span = Assert.IsType<Activity>(pipeline.ReceivedToken.Activity);
        Assert.False(span.IsStopped);
        Assert.Empty(scope.Spans);

        await Task.Delay(60);
        Assert.False(span.IsStopped);
        pipeline.Gate.SetResult(42);
        Assert.Equal(42, await search);

        Assert.Same(span, scope.Single("l1-search"));
        Assert.True(span.Duration >= TimeSpan.FromMilliseconds(50), $"the span lasted {span.Duration}, less than the awaited work");
        Assert.Equal("block-3", span.GetTagItem(HelixAttributes.ParentIds));
        Assert.Same(span, pipeline.CurrentAfterAwait);
        Assert.Same(span, pipeline.CurrentInCore?.Activity);
    }

    [Fact]
    public async Task The_callers_current_activity_is_restored_while_the_task_is_pending()
    {
        using TelemetryScope scope = new();
        InstrumentedPipeline searcher = new();
        InstrumentedPipeline classifier = new();
        Activity? outer;
        Task<int> search;
        ValueTask<int> classify;
        using (HelixToken caller = scope.Tracer.Create("outer", "outer-1", "test"))
        {
            outer = Activity.Current;
            Assert.NotNull(outer);

            search = searcher.SearchAsync("beam-4", "block-4");
            Assert.Same(outer, Activity.Current);

            classify = classifier.ClassifyAsync("evt-4");
            Assert.Same(outer, Activity.Current);

            searcher.Gate.SetResult(1);
            classifier.Gate.SetResult(2);
            Assert.Equal(1, await search);
            Assert.Equal(2, await classify);
            Assert.Same(outer, Activity.Current);
        }

        Activity create = scope.Single("l1-search");
        Activity operate = scope.Single("classify");
        Assert.Equal(outer.SpanId, create.ParentSpanId);
        Assert.Equal(outer.TraceId, create.TraceId);
        Assert.Equal(default, operate.ParentSpanId);
        Assert.NotEqual(outer.TraceId, operate.TraceId);
        Assert.Same(create, searcher.CurrentAfterAwait);
        Assert.Same(operate, classifier.CurrentAfterAwait);
    }

    [Fact]
    public async Task A_value_task_that_completed_synchronously_ends_its_span_at_once()
    {
        using TelemetryScope scope = new();
        InstrumentedPipeline pipeline = new();

        ValueTask<int> classify = pipeline.ClassifyNowAsync("evt-5");

        Assert.True(classify.IsCompletedSuccessfully);
        Assert.True(scope.Single("classify-now").IsStopped);
        Assert.Null(Activity.Current);
        Assert.Equal(5, await classify);
    }

    [Fact]
    public void A_synchronous_exception_is_recorded_as_helix_error_and_propagates_unchanged()
    {
        using TelemetryScope scope = new();
        InstrumentedPipeline pipeline = new();

        InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(() => pipeline.Fail("evt-6"));

        Assert.Equal("boom on evt-6", thrown.Message);
        Assert.Contains("FailCore", thrown.StackTrace, StringComparison.Ordinal);
        AssertError(scope.Single("fail"), thrown);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task An_asynchronous_exception_is_recorded_when_the_task_faults()
    {
        using TelemetryScope scope = new();
        InstrumentedPipeline pipeline = new();

        Task failing = pipeline.FailAsync("evt-7");
        Assert.Empty(scope.Spans);
        pipeline.Gate.SetResult(0);
        TimeoutException thrown = await Assert.ThrowsAsync<TimeoutException>(() => failing);

        AssertError(scope.Single("fail-async"), thrown);
    }

    [Fact]
    public void An_exception_thrown_before_the_task_is_returned_ends_the_span_and_restores_the_caller()
    {
        using TelemetryScope scope = new();
        InstrumentedPipeline pipeline = new();

        ArgumentException thrown = Assert.Throws<ArgumentException>(() => { _ = pipeline.FailBeforeTaskAsync("evt-8"); });

        AssertError(scope.Single("fail-before-task"), thrown);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task Cancellation_through_the_methods_own_token_is_recorded_as_cancelled_not_as_an_error()
    {
        using TelemetryScope scope = new();
        InstrumentedPipeline pipeline = new();
        using CancellationTokenSource cancellation = new();

        Task waiting = pipeline.WaitAsync("evt-9", cancellation.Token);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        Activity span = scope.Single("wait");
        Assert.Equal("true", span.GetTagItem(HelixAttributes.Cancelled));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.DoesNotContain(span.Events, static e => e.Name == HelixAttributes.ErrorEvent);
    }

    [Fact]
    public async Task Cancellation_by_another_token_is_an_error()
    {
        using TelemetryScope scope = new();
        InstrumentedPipeline pipeline = new();
        using CancellationTokenSource cancellation = new();

        OperationCanceledException thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.WaitOtherAsync("evt-10", cancellation.Token));

        Activity span = scope.Single("wait-other");
        AssertError(span, thrown);
        Assert.Null(span.GetTagItem(HelixAttributes.Cancelled));
    }

    [Fact]
    public void A_generic_static_method_with_ref_in_and_params_parameters_is_instrumented()
    {
        using TelemetryScope scope = new();
        int value = 5;

        int echoed = InstrumentedPipeline.Echo(ref value, 2, "a", "b");

        Assert.Equal(5, echoed);
        Assert.True(scope.Single("generic-step").IsStopped);
    }

    [Fact]
    public async Task Without_setup_core_runs_directly_with_the_none_token()
    {
        Assert.Null(ChimeTelemetry.Tracer);
        InstrumentedPipeline pipeline = new();

        pipeline.Register("evt-11", 1.0, 1, verified: false);
        Assert.Equal(HelixToken.None, pipeline.ReceivedToken);
        Assert.Null(pipeline.CurrentInCore);

        Task<int> search = pipeline.SearchAsync("beam-11", "block-11");
        pipeline.Gate.SetResult(7);
        Assert.Equal(7, await search);
        Assert.Equal(HelixToken.None, pipeline.ReceivedToken);
        Assert.Throws<InvalidOperationException>(() => pipeline.Fail("evt-11"));
    }

    [Fact]
    public void Without_setup_a_call_allocates_nothing()
    {
        Assert.Null(ChimeTelemetry.Tracer);
        AllocationProbe probe = new();
        probe.Measure("evt-13", 1, 0.5);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            probe.Measure("evt-13", i, 0.5);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(499_501, probe.Total);
    }

    [Fact]
    public void A_recorded_call_allocates_no_more_than_the_same_span_written_by_hand()
    {
        const int Calls = 2000;
        using TelemetryScope scope = new(exportSpans: false);
        AllocationProbe probe = new();
        ChimeTracer tracer = scope.Tracer;
        for (int i = 0; i < 500; i++)
        {
            // Warm up both paths (tiered compilation, first-use caches) before measuring.
            probe.Measure("evt-14", i, 0.5);
            HandWritten(tracer, probe, "evt-14", i, 0.5);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            probe.Measure("evt-14", i, 0.5);
        }

        long generated = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            HandWritten(tracer, probe, "evt-14", i, 0.5);
        }

        long handWritten = GC.GetAllocatedBytesForCurrentThread() - before;

        // A one-off allocation (a runtime cache growing) may land in either loop; anything per call would
        // show as at least 24 bytes x Calls.
        const long oneOff = 8 * 1024;
        Assert.True(generated <= handWritten + oneOff, $"generated code allocated {generated} bytes for {Calls} calls, the hand-written span {handWritten}");
        Assert.True(generated > 0, "the span was recorded, so its Activity and tags were allocated");

        static void HandWritten(ChimeTracer tracer, AllocationProbe probe, string id, int value, double ratio)
        {
            HelixToken token = tracer.Operate("probe", id, "probe");
            if (token.IsRecording)
            {
                token.SetAttribute("value", value);
                token.SetAttribute("ratio", ratio);
            }

            try
            {
                probe.MeasureCoreForComparison(id, value, ratio, token);
            }
            finally
            {
                token.Dispose();
            }
        }
    }

    [Fact]
    public void An_unsampled_span_gets_no_attributes_and_core_gets_a_token_that_records_nothing()
    {
        using TelemetryScope scope = new(static tracing => tracing.SetSampler(new AlwaysOffSampler()));
        InstrumentedPipeline pipeline = new();

        pipeline.Register("evt-12", 2.0, 2, verified: true);

        // The SDK may still create a propagation-only activity for a dropped span; the wrapper sets nothing on it.
        Assert.False(pipeline.ReceivedToken.IsRecording);
        Assert.Empty(pipeline.ReceivedToken.Activity?.TagObjects ?? []);
        Assert.True(pipeline.ReceivedToken.IsCompleted);
        Assert.Empty(scope.Spans);
    }

    private static void AssertError(Activity span, Exception thrown)
    {
        Assert.True(span.IsStopped);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        ActivityEvent error = Assert.Single(span.Events, static e => e.Name == HelixAttributes.ErrorEvent);
        Dictionary<string, object?> tags = error.Tags.ToDictionary(static t => t.Key, static t => t.Value);
        Assert.Equal(thrown.GetType().Name, tags[HelixAttributes.MessageKey]);
        Assert.Equal(thrown.GetType().FullName, tags["exception.type"]);
        Assert.Equal(thrown.Message, tags["exception.message"]);
    }
}
