using System.Diagnostics;
using ChimeLogger.Instrumentation;

namespace ChimeLogger.Tests.Instrumentation;

/// <summary>
/// The asynchronous completion that generated wrappers and <see cref="HelixToken.Track(Task, CancellationToken)"/> share,
/// on every task shape (<see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/>,
/// <see cref="ValueTask{TResult}"/>), each with and without a token that can be cancelled: the span ends when the work
/// does, not before, and the caller gets its span back at once; a fault is a helix error and reaches the caller unchanged;
/// a stop through the work's own token is cancelled, not an error; a null task is refused by name.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SpanCompletionTests
{
    public static TheoryData<string, bool> Shapes => new()
    {
        { "Task", false }, { "Task", true },
        { "Task<T>", false }, { "Task<T>", true },
        { "ValueTask", false }, { "ValueTask", true },
        { "ValueTask<T>", false }, { "ValueTask<T>", true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task The_span_ends_when_the_work_completes_with_its_result(string shape, bool cancellable)
    {
        using TelemetryHarness harness = new();
        using CancellationTokenSource source = new();
        TaskCompletionSource<int> work = new(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<int> tracked = Track(shape, harness.Tracer.Operate("classify", "evt-1", "event"), work.Task, cancellable ? source.Token : default);

        Assert.Null(Activity.Current); // the caller (none) is current again at once
        Assert.Empty(harness.Spans);
        work.SetResult(42);
        int result = await tracked;

        Assert.Equal(shape.EndsWith("<T>", StringComparison.Ordinal) ? 42 : 0, result);
        Activity span = harness.SingleSpan("classify");
        Assert.True(span.IsStopped);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Empty(span.Events);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task A_fault_is_a_helix_error_and_reaches_the_caller_unchanged(string shape, bool cancellable)
    {
        using TelemetryHarness harness = new();
        using CancellationTokenSource source = new();
        TaskCompletionSource<int> work = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TimeoutException fault = new("replication_timeout");

        Task<int> tracked = Track(shape, harness.Tracer.Operate("replicate", "evt-2", "event"), work.Task, cancellable ? source.Token : default);
        work.SetException(fault);

        Assert.Same(fault, await Assert.ThrowsAsync<TimeoutException>(() => tracked));
        Activity span = harness.SingleSpan("replicate");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Single(span.Events, static e => e.Name == HelixAttributes.ErrorEvent);
        Assert.Null(span.GetTagItem(HelixAttributes.Cancelled));
    }

    [Theory]
    [InlineData("Task")]
    [InlineData("Task<T>")]
    [InlineData("ValueTask")]
    [InlineData("ValueTask<T>")]
    public async Task A_stop_through_the_works_own_token_is_cancelled_not_an_error(string shape)
    {
        using TelemetryHarness harness = new();
        using CancellationTokenSource source = new();
        TaskCompletionSource<int> work = new(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<int> tracked = Track(shape, harness.Tracer.Operate("wait", "evt-3", "event"), work.Task, source.Token);
        source.Cancel();
        work.SetCanceled(source.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tracked);
        Activity span = harness.SingleSpan("wait");
        Assert.Equal("true", span.GetTagItem(HelixAttributes.Cancelled));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Theory]
    [InlineData("Task")]
    [InlineData("Task<T>")]
    [InlineData("ValueTask")]
    [InlineData("ValueTask<T>")]
    public async Task Without_the_works_token_a_cancellation_is_an_error(string shape)
    {
        using TelemetryHarness harness = new();
        using CancellationTokenSource source = new();
        TaskCompletionSource<int> work = new(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<int> tracked = Track(shape, harness.Tracer.Operate("wait", "evt-4", "event"), work.Task, default);
        source.Cancel();
        work.SetCanceled(source.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tracked);
        Activity span = harness.SingleSpan("wait");
        Assert.Null(span.GetTagItem(HelixAttributes.Cancelled));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public void Work_that_throws_before_returning_its_task_ends_the_span_with_the_error_and_gives_the_caller_its_span_back()
    {
        using TelemetryHarness harness = new();
        InvalidOperationException fault = new("no task");

        using (harness.Tracer.Create("l2-event", "evt-5", "event"))
        {
            Activity? caller = Activity.Current;
            HelixToken token = harness.Tracer.ChildSpan("catalog-lookup");
            Assert.NotSame(caller, Activity.Current);

            InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(() => StartThrowing(token, caller, fault, default));

            Assert.Same(fault, thrown);
            Assert.Same(caller, Activity.Current);
        }

        Activity span = harness.SingleSpan("catalog-lookup");
        Assert.True(span.IsStopped);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public void Work_stopped_through_its_own_token_before_returning_its_task_ends_the_span_as_cancelled()
    {
        using TelemetryHarness harness = new();
        using CancellationTokenSource source = new();
        source.Cancel();
        HelixToken token = harness.Tracer.Operate("wait", "evt-6", "event");

        Assert.Throws<OperationCanceledException>(() => StartThrowing(token, null, new OperationCanceledException(source.Token), source.Token));

        Activity span = harness.SingleSpan("wait");
        Assert.Equal("true", span.GetTagItem(HelixAttributes.Cancelled));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Null(Activity.Current);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task The_span_ends_on_the_thread_that_completes_the_work_never_through_the_callers_synchronization_context(string shape, bool cancellable)
    {
        // A caller on a UI-like context that later blocks on the task would deadlock if the end of the span waited for
        // that context; and the context's thread should not pay for ending spans.
        using TelemetryHarness harness = new();
        using CancellationTokenSource source = new();
        TaskCompletionSource<int> work = new(); // continuations run on the thread that completes the work
        CountingContext context = new();
        SynchronizationContext? previous = SynchronizationContext.Current;
        Task tracked;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            HelixToken token = harness.Tracer.Operate("classify", "evt-7", "event");
            tracked = shape switch
            {
                "Task" => token.Track((Task)work.Task, cancellable ? source.Token : default),
                "Task<T>" => token.Track(work.Task, cancellable ? source.Token : default),
                "ValueTask" => token.Track(new ValueTask(work.Task), cancellable ? source.Token : default).AsTask(),
                _ => token.Track(new ValueTask<int>(work.Task), cancellable ? source.Token : default).AsTask(),
            };
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        work.SetResult(42);
        await tracked;

        Assert.True(harness.SingleSpan("classify").IsStopped);
        Assert.Equal(0, context.Posts);
    }

    private sealed class CountingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }

        public override void Send(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            d(state);
        }
    }

    // As a generated wrapper calls a method that throws instead of returning its task.
    private static void StartThrowing(HelixToken token, Activity? caller, Exception fault, CancellationToken cancellationToken)
    {
        try
        {
            throw fault;
        }
        catch (Exception exception) when (SpanCompletion.EndOnThrow(token, exception, caller, cancellationToken))
        {
            // Not reached: EndOnThrow returns false, so the exception propagates unchanged.
        }
    }

    // Tracks the work in the given shape and gives back a task of its result (0 for the shapes without one).
    private static Task<int> Track(string shape, HelixToken token, Task<int> work, CancellationToken cancellationToken) => shape switch
    {
        "Task" => Then0(token.Track((Task)work, cancellationToken)),
        "Task<T>" => token.Track(work, cancellationToken),
        "ValueTask" => Then0(token.Track(new ValueTask(work), cancellationToken).AsTask()),
        "ValueTask<T>" => token.Track(new ValueTask<int>(work), cancellationToken).AsTask(),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Not a task shape."),
    };

    private static async Task<int> Then0(Task task)
    {
        await task;
        return 0;
    }

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

    [Fact]
    public void A_null_task_of_a_result_is_refused_by_name()
    {
        using TelemetryHarness harness = new();
        HelixToken token = harness.Tracer.Operate("null-task", "evt-1", "event");

        ArgumentNullException refused = Assert.Throws<ArgumentNullException>(() => { _ = token.Track((Task<int>)null!); });

        Assert.Equal("task", refused.ParamName);
        token.Dispose();
    }
}
