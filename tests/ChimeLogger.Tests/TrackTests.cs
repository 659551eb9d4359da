using System.Diagnostics;
using ChimeLogger.Tracing;

namespace ChimeLogger.Tests;

/// <summary>
/// <see cref="HelixToken.Track(Task, CancellationToken)"/>: the manual API's asynchronous completion, the same as the
/// generated wrappers'.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TrackTests
{
    [Fact]
    public async Task The_span_ends_when_the_task_completes_and_the_caller_gets_its_span_back_at_once()
    {
        using TelemetryHarness harness = new();
        TaskCompletionSource<int> gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Activity? currentInWork = null;

        async Task<int> ClassifyAsync()
        {
            currentInWork = Activity.Current;
            int result = await gate.Task;
            Assert.Same(currentInWork, Activity.Current);
            return result;
        }

        Activity? outer;
        Task<int> classify;
        using (harness.Tracer.Create("outer", "outer-1", "test"))
        {
            outer = Activity.Current;
            classify = harness.Tracer.Operate("classify", "evt-1", "event").Track(ClassifyAsync());

            Assert.Same(outer, Activity.Current);
            Activity span = Assert.IsType<Activity>(currentInWork);
            Assert.Equal("classify", span.DisplayName);
            Assert.False(span.IsStopped);
            Assert.DoesNotContain(harness.Spans, s => s.DisplayName == "classify");

            gate.SetResult(7);
            Assert.Equal(7, await classify);
            Assert.True(span.IsStopped);
            Assert.Same(outer, Activity.Current);
        }

        Assert.Same(currentInWork, harness.SingleSpan("classify"));
        Assert.Equal(ActivityStatusCode.Unset, harness.SingleSpan("classify").Status);
    }

    [Fact]
    public async Task A_child_or_create_span_gives_back_its_parent()
    {
        using TelemetryHarness harness = new();
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task StepAsync() => await gate.Task;

        using (harness.Tracer.Create("l2-event", "evt-2", "event"))
        {
            Activity? entity = Activity.Current;
            Task step = harness.Tracer.ChildSpan("catalog-lookup").Track(StepAsync());
            Assert.Same(entity, Activity.Current);

            Task<int> created = harness.Tracer.Create("l3-group", "group-2", "group", "evt-2").Track(Task.FromResult(3));
            Assert.Same(entity, Activity.Current);
            Assert.Equal(3, await created);

            gate.SetResult();
            await step;
            Assert.Same(entity, Activity.Current);
        }

        Activity create = harness.SingleSpan("l2-event");
        Assert.Equal(create.SpanId, harness.SingleSpan("catalog-lookup").ParentSpanId);
        Assert.Equal(create.SpanId, harness.SingleSpan("l3-group").ParentSpanId);
    }

    [Fact]
    public async Task A_task_that_already_completed_ends_the_span_at_once_and_is_returned_as_it_is()
    {
        using TelemetryHarness harness = new();
        Task<int> done = Task.FromResult(5);

        Task<int> tracked = harness.Tracer.Operate("now", "evt-3", "event").Track(done);

        Assert.Same(done, tracked);
        Assert.True(harness.SingleSpan("now").IsStopped);
        Assert.Null(Activity.Current);

        ValueTask<int> valueTracked = harness.Tracer.Operate("now-value", "evt-3", "event").Track(new ValueTask<int>(6));
        Assert.True(valueTracked.IsCompletedSuccessfully);
        Assert.True(harness.SingleSpan("now-value").IsStopped);
        Assert.Equal(6, await valueTracked);
    }

    [Fact]
    public async Task A_fault_is_recorded_as_a_helix_error_and_reaches_the_caller_unchanged()
    {
        using TelemetryHarness harness = new();
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TimeoutException fault = new("replication_timeout");

        async Task ReplicateAsync()
        {
            await gate.Task;
            throw fault;
        }

        Task tracked = harness.Tracer.Operate("replicate", "evt-4", "event").Track(ReplicateAsync());
        Assert.DoesNotContain(harness.Spans, s => s.DisplayName == "replicate");
        gate.SetResult();

        TimeoutException thrown = await Assert.ThrowsAsync<TimeoutException>(() => tracked);
        Assert.Same(fault, thrown);
        Activity span = harness.SingleSpan("replicate");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        ActivityEvent error = Assert.Single(span.Events, static e => e.Name == HelixAttributes.ErrorEvent);
        Assert.Contains(error.Tags, static t => t.Key == HelixAttributes.MessageKey && (string?)t.Value == nameof(TimeoutException));
    }

    [Fact]
    public async Task Cancellation_through_the_given_token_is_recorded_as_cancelled_and_by_another_as_an_error()
    {
        using TelemetryHarness harness = new();
        using CancellationTokenSource own = new();
        using CancellationTokenSource stillRunning = new();
        using CancellationTokenSource other = new();

        ValueTask waiting = harness.Tracer.Operate("wait", "evt-5", "event").Track(new ValueTask(Task.Delay(Timeout.Infinite, own.Token)), own.Token);
        own.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);

        Activity cancelled = harness.SingleSpan("wait");
        Assert.Equal("true", cancelled.GetTagItem(HelixAttributes.Cancelled));
        Assert.Equal(ActivityStatusCode.Unset, cancelled.Status);
        Assert.DoesNotContain(cancelled.Events, static e => e.Name == HelixAttributes.ErrorEvent);

        Task<int> stopped = harness.Tracer.Operate("wait-other", "evt-5", "event").Track(Task.Run(() => Task.Delay(Timeout.Infinite, other.Token).ContinueWith(_ => 0, other.Token)), stillRunning.Token);
        other.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopped);

        Activity failed = harness.SingleSpan("wait-other");
        Assert.Null(failed.GetTagItem(HelixAttributes.Cancelled));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
    }

    [Fact]
    public void Track_without_telemetry_returns_the_same_task_and_a_null_task_is_refused_by_name()
    {
        Assert.Null(ChimeTelemetry.Tracer);
        Task<int> work = Task.FromResult(1);

        Assert.Same(work, HelixToken.None.Track(work));

        using TelemetryHarness harness = new();
        HelixToken token = harness.Tracer.Operate("null-task", "evt-6", "event");
        ArgumentNullException refused = Assert.Throws<ArgumentNullException>(() => { _ = token.Track((Task)null!); });
        Assert.Equal("task", refused.ParamName);
        token.Dispose();
    }
}
