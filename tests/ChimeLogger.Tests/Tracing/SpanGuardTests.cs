using System.Diagnostics;
using ChimeLogger.Tracing;

namespace ChimeLogger.Tests.Tracing;

/// <summary>
/// What tokens and the tracer do at their edges: a disposed tracer starts nothing even when something else listens, an
/// ended operate never makes a finished span current, a span that is not recorded still ends, and a cancellation is
/// never swallowed by an exception filter.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SpanGuardTests
{
    [Fact]
    public void A_disposed_tracer_is_not_listening_even_when_another_listener_samples_its_spans()
    {
        using ActivityListener other = new()
        {
            ShouldListenTo = source => source.Name == ChimeTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(other);
        TelemetryHarness harness = new();
        Assert.True(harness.Tracer.IsListening);

        harness.Dispose();

        Assert.False(harness.Tracer.IsListening);
        Assert.Equal(HelixToken.None, harness.Tracer.Create("ingest", "block-1", "raw_data"));
        Assert.Equal(HelixToken.None, harness.Tracer.Operate("register", "event-1", "event"));
        Assert.Equal(HelixToken.None, harness.Tracer.ChildSpan("lookup"));
    }

    [Fact]
    public void An_operate_ending_after_its_caller_ended_does_not_make_the_ended_caller_current()
    {
        using TelemetryHarness harness = new();
        HelixToken caller = harness.Tracer.Create("l2-event", "event-2", "event");
        HelixToken operate = harness.Tracer.Operate("register", "event-1", "event");

        caller.Complete();
        operate.Complete();

        Assert.True(caller.IsCompleted);
        Assert.NotSame(caller.Activity, Activity.Current);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public void An_operate_ended_twice_gives_the_caller_its_span_back_once()
    {
        using TelemetryHarness harness = new();
        using HelixToken caller = harness.Tracer.Create("l2-event", "event-2", "event");
        HelixToken operate = harness.Tracer.Operate("register", "event-1", "event");

        operate.Complete();
        Assert.Same(caller.Activity, Activity.Current);
        HelixToken next = harness.Tracer.Create("l3-classify", "class-1", "classification");
        operate.Complete();

        Assert.Same(next.Activity, Activity.Current);
        next.Complete();
        Assert.Single(harness.Spans, span => span.DisplayName == "register");
    }

    [Fact]
    public void Error_on_a_span_that_is_not_recorded_still_ends_it_and_records_nothing()
    {
        // A listener that keeps ChimeLogger spans for context propagation only: the span exists but records nothing.
        using ActivityListener propagationOnly = new()
        {
            ShouldListenTo = source => source.Name == ChimeTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(propagationOnly);
        using ActivitySource source = ChimeActivitySource.Create();
        using Activity started = source.StartActivity(HelixSpanKinds.CreateOperationName)!;
        HelixToken create = HelixToken.Current!.Value;

        Assert.Same(started, create.Activity);
        Assert.False(create.IsRecording);
        Assert.False(create.IsCompleted);
        create.Error("read_failed", "disk error");

        Assert.True(create.IsCompleted);
        Assert.True(started.IsStopped);
        Assert.Empty(started.Events);
        Assert.Equal(ActivityStatusCode.Unset, started.Status);
        Activity.Current = null;
    }

    [Fact]
    public void RecordException_with_the_cancelled_token_returns_false_so_a_filter_lets_the_cancellation_through()
    {
        using TelemetryHarness harness = new();
        using CancellationTokenSource cancellation = new();
        cancellation.Cancel();
        HelixToken create = harness.Tracer.Create("ingest", "block-1", "raw_data");
        bool caught = false;

        Assert.Throws<OperationCanceledException>(() =>
        {
            try
            {
                cancellation.Token.ThrowIfCancellationRequested();
            }
            catch (Exception ex) when (create.RecordException(ex, cancellation.Token))
            {
                caught = true;
            }
        });

        create.Complete();
        Assert.False(caught);
        Assert.False(create.RecordException(new OperationCanceledException(cancellation.Token), cancellation.Token));
        Activity span = harness.SingleSpan("ingest");
        Assert.Equal("true", span.GetTagItem(HelixAttributes.Cancelled));
        Assert.Empty(span.Events);
    }

    [Fact]
    public void RecordException_returns_false_for_failures_and_on_tokens_that_record_nothing()
    {
        using TelemetryHarness harness = new();
        using CancellationTokenSource cancellation = new();
        HelixToken create = harness.Tracer.Create("ingest", "block-1", "raw_data");

        Assert.False(create.RecordException(new InvalidOperationException("disk"), cancellation.Token));
        Assert.False(create.RecordException(new OperationCanceledException(), cancellation.Token)); // not this token: a failure
        Assert.False(HelixToken.None.RecordException(new InvalidOperationException("disk")));
        cancellation.Cancel();
        Assert.False(HelixToken.None.RecordException(new OperationCanceledException(cancellation.Token), cancellation.Token));
        create.Complete();

        Activity span = harness.SingleSpan("ingest");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(2, span.Events.Count());
        Assert.Null(span.GetTagItem(HelixAttributes.Cancelled));
    }
}
