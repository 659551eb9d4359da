using System.Diagnostics;
using System.Runtime.InteropServices;
using ChimeLogger.Lifetime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests.Lifetime;

/// <summary>
/// How the end of the process reaches the spans still open: a signal ends every open span innermost first with the
/// contract's <c>helix.error</c> on entity spans and a status on child spans, a crash gives the exception to the spans of
/// the crashing thread, and the signals are watched while the owner lives unless the option says not to. The signals
/// themselves, sent to real processes, are in the integration tests (SignalTests).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ProcessEndingTests
{
    [Fact]
    public void A_signal_ends_every_open_span_innermost_first_with_the_error_on_the_entity_span_only()
    {
        using TelemetryHarness harness = new();
        HelixToken operation = harness.Tracer.Operate("classify", "evt-1", "event");
        HelixToken step = harness.Tracer.ChildSpan("catalog-lookup");
        HelixToken deeper = harness.Tracer.ChildSpan("query");
        HelixToken done = harness.Tracer.ChildSpan("already-done");
        done.Complete();
        Activity.Current = null;
        HelixToken create = harness.Tracer.Create("l1-search", "beam-7", "n2_acquisition");
        Activity.Current = null;

        ProcessEnding.BySignal(PosixSignal.SIGTERM).EndOpenSpans(harness.Tracer.Spans.OpenSpans);

        Assert.True(operation.IsCompleted && step.IsCompleted && deeper.IsCompleted && create.IsCompleted);
        Assert.Equal(["already-done", "query", "catalog-lookup"], harness.Spans.Take(3).Select(span => span.DisplayName));
        Assert.Equal(["classify", "l1-search"], harness.Spans.Skip(3).Select(span => span.DisplayName).Order());
        Activity classify = harness.SingleSpan("classify");
        ActivityEvent error = Assert.Single(classify.Events, e => e.Name == "helix.error");
        Dictionary<string, object?> keys = error.Tags.ToDictionary(tag => tag.Key, tag => tag.Value);
        Assert.Equal("terminated_by_signal", keys["message"]);
        Assert.Equal("SIGTERM", keys["signal"]);
        Assert.Equal("classify", keys["stage"]);
        Assert.Equal("query", keys["child_span"]);
        Assert.Equal(ActivityStatusCode.Error, classify.Status);
        Assert.Equal("l1-search", Assert.Single(harness.SingleSpan("l1-search").Events, e => e.Name == "helix.error").Tags.Single(t => t.Key == "stage").Value);
        foreach (string child in new[] { "catalog-lookup", "query" })
        {
            Assert.Empty(harness.SingleSpan(child).Events);
            Assert.Equal(ActivityStatusCode.Error, harness.SingleSpan(child).Status);
        }

        Assert.Equal(ActivityStatusCode.Unset, harness.SingleSpan("already-done").Status);
    }

    [Fact]
    public void A_crash_gives_the_exception_to_the_spans_of_the_crashing_thread_and_process_crashed_to_the_others()
    {
        using TelemetryHarness harness = new();
        using ManualResetEventSlim opened = new();
        using ManualResetEventSlim release = new();
        Thread other = new(() =>
        {
            using HelixToken elsewhere = harness.Tracer.Operate("replicate", "evt-2", "event");
            opened.Set();
            release.Wait();
        });
        other.Start();
        opened.Wait();
        HelixToken crashing = harness.Tracer.Create("l2-event", "evt-1", "event");

        ProcessEnding.ByCrash(new InvalidOperationException("the pipeline crashed")).EndOpenSpans(harness.Tracer.Spans.OpenSpans);
        release.Set();
        other.Join();
        Activity.Current = null;

        Dictionary<string, object?> crashed = Assert.Single(harness.SingleSpan("l2-event").Events, e => e.Name == "helix.error").Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("InvalidOperationException", crashed["message"]);
        Assert.Equal("the pipeline crashed", crashed["exception.message"]);
        Dictionary<string, object?> interrupted = Assert.Single(harness.SingleSpan("replicate").Events, e => e.Name == "helix.error").Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("process_crashed", interrupted["message"]);
        Assert.Equal("replicate", interrupted["stage"]);
        Assert.Equal("System.InvalidOperationException", interrupted["exception.type"]);
        Assert.True(crashing.IsCompleted);
    }

    [Fact]
    public void The_signals_are_watched_while_the_owner_lives_unless_the_option_says_not_to()
    {
        ChimeTracer watching;
        using (TelemetryHarness harness = new())
        {
            watching = harness.Tracer;
            Assert.True(watching.Lifetime.WatchesSignals);
        }

        Assert.False(watching.Lifetime.WatchesSignals);
        using TelemetryHarness off = new(configure: options => options.WatchTerminationSignals = false);
        Assert.False(off.Tracer.Lifetime.WatchesSignals);
    }
}
