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
        Assert.Equal("the process received SIGTERM while this span was open", keys["detail"]);
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
        Assert.Equal("an unhandled InvalidOperationException on another thread ended the process while this span was open", interrupted["detail"]);
        Assert.True(crashing.IsCompleted);
    }

    [Theory]
    [InlineData(PosixSignal.SIGTERM, "SIGTERM")]
    [InlineData(PosixSignal.SIGINT, "SIGINT")]
    [InlineData(PosixSignal.SIGHUP, "SIGHUP")]
    [InlineData(PosixSignal.SIGQUIT, "SIGQUIT")]
    [InlineData((PosixSignal)10, "signal 10")]
    public void A_signal_is_named_as_kill_l_names_it_on_the_error_it_leaves(PosixSignal signal, string name)
    {
        Assert.Equal(name, ProcessEnding.NameOf(signal));
        using TelemetryHarness harness = new();
        _ = harness.Tracer.Operate("register", "evt-1", "event");
        Activity.Current = null;

        ProcessEnding.BySignal(signal).EndOpenSpans(harness.Tracer.Spans.OpenSpans);

        Dictionary<string, object?> keys = Assert.Single(harness.SingleSpan("register").Events, e => e.Name == "helix.error").Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(name, keys["signal"]);
        Assert.Equal($"the process received {name} while this span was open", keys["detail"]);
    }

    [Fact]
    public void A_span_open_at_exit_says_the_process_exited_and_a_crash_without_an_exception_object_says_so()
    {
        using TelemetryHarness harness = new();
        _ = harness.Tracer.Operate("register", "evt-1", "event");
        Activity.Current = null;
        ProcessEnding.ByExit().EndOpenSpans(harness.Tracer.Spans.OpenSpans);
        _ = harness.Tracer.Operate("classify", "evt-1", "event");
        Activity.Current = null;
        ProcessEnding.ByCrash(null).EndOpenSpans(harness.Tracer.Spans.OpenSpans);

        Dictionary<string, object?> exited = Assert.Single(harness.SingleSpan("register").Events, e => e.Name == "helix.error").Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("process_exited", exited["message"]);
        Assert.Equal("the process exited (Main returned or Environment.Exit was called) while this span was open", exited["detail"]);
        Dictionary<string, object?> crashed = Assert.Single(harness.SingleSpan("classify").Events, e => e.Name == "helix.error").Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("process_crashed", crashed["message"]);
        Assert.Equal("an unhandled exception on another thread ended the process while this span was open", crashed["detail"]);
    }

    [Fact]
    public void A_crash_leaves_other_libraries_spans_alone_and_does_not_record_an_exception_twice()
    {
        using TelemetryHarness harness = new();
        using ActivitySource otherLibrary = new("ProcessEndingTests.OtherLibrary");
        using ActivityListener listener = new()
        {
            ShouldListenTo = source => source == otherLibrary,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        HelixToken failed = harness.Tracer.Operate("convert", "evt-1", "event");
        failed.AddError("truncated header"); // already an error, as an exception filter of generated code leaves it
        Activity foreign = otherLibrary.StartActivity("http-get")!;

        ProcessEnding.ByCrash(new InvalidOperationException("the pipeline crashed")).EndOpenSpans(harness.Tracer.Spans.OpenSpans);

        Assert.False(foreign.IsStopped);
        Assert.Empty(foreign.Events);
        Assert.Equal(ActivityStatusCode.Unset, foreign.Status);
        Assert.True(failed.IsCompleted);
        Assert.Equal(["truncated header"], harness.SingleSpan("convert").Events.Where(e => e.Name == "helix.error").Select(e => e.Tags.Single(t => t.Key == "message").Value));
        foreign.Stop();
        Activity.Current = null;
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
