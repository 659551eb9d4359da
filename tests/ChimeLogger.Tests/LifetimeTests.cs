using System.Diagnostics;
using System.Runtime.InteropServices;
using ChimeLogger.Lifetime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests;

/// <summary>
/// How the end of the process reaches the spans still open and the pipelines: the record of open spans, the way they are
/// ended (the contract's <c>helix.error</c> on entity spans, a status on child spans), the signals watched, the one
/// ShutdownTimeout a host's stop and the tracer's disposal share, and what is said while the end waits. The signals
/// themselves, sent to real processes, are in the integration tests (SignalTests).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class LifetimeTests
{
    [Fact]
    public void The_record_holds_the_spans_still_open_on_every_thread_and_forgets_those_that_ended()
    {
        using TelemetryHarness harness = new();
        OpenSpans record = harness.Tracer.Spans.OpenSpans;
        using ManualResetEventSlim release = new();
        using CountdownEvent opened = new(8);
        Thread[] threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            using HelixToken operation = harness.Tracer.Operate("classify", $"evt-{i}", "event");
            for (int ended = 0; ended < 50; ended++)
            {
                harness.Tracer.ChildSpan("lookup").Complete();
            }

            opened.Signal();
            release.Wait();
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        opened.Wait();
        List<Activity> open = record.Snapshot();
        release.Set();
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"evt-{i}"), open.Select(span => (string)span.GetTagItem("helix.entity.id")!).Order());
        Assert.Empty(record.Snapshot());
    }

    [Fact]
    public void Ended_spans_leave_their_slot_to_the_next_so_the_record_grows_only_with_the_spans_open_at_once()
    {
        using TelemetryHarness harness = new();
        OpenSpans record = harness.Tracer.Spans.OpenSpans;
        int initial = record.Capacity;
        for (int i = 0; i < 10_000; i++)
        {
            harness.Tracer.Operate("classify", "evt-1", "event").Complete();
        }

        Assert.Equal(initial, record.Capacity);

        List<HelixToken> open = [.. Enumerable.Range(0, initial * 3).Select(i => harness.Tracer.Create("ingest", $"blk-{i}", "raw_data"))];
        Assert.True(record.Capacity >= initial * 3, $"capacity {record.Capacity}");
        Assert.Equal(initial * 3, record.Snapshot().Count);
        open.ForEach(token => token.Complete());
    }

    [Fact]
    public void Many_threads_recording_while_the_record_grows_lose_no_open_span()
    {
        OpenSpans record = new();
        ActivitySource source = new("ChimeLogger.Tests.Lifetime");
        using ActivityListener listener = new()
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        List<Activity> started = [];
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 500; i++)
            {
                Activity span = source.StartActivity("open")!;
                Activity.Current = null;
                record.Add(span);
                lock (started)
                {
                    started.Add(span);
                }
            }
        });

        Assert.Equal(4_000, record.Snapshot().Count);
        Assert.Empty(started.Except(record.Snapshot()));
    }

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

    [Fact]
    public void The_shutdown_clock_is_shared_keeps_part_of_the_limit_for_the_shutdown_and_can_be_used_up()
    {
        ShutdownClock clock = new(TimeSpan.FromSeconds(4));
        Assert.Equal(4_000, clock.LeftMilliseconds);

        clock.Start();
        Thread.Sleep(50);
        clock.Start(); // a later step does not start it again
        Assert.InRange(clock.LeftMilliseconds, 1, 3_950);
        Assert.InRange(clock.FlushMilliseconds, 1, 3_450);
        Assert.InRange(clock.ShutdownMilliseconds, 500, 3_950);

        clock.Expire();
        Assert.Equal(0, clock.LeftMilliseconds);
        Assert.Equal(0, clock.FlushMilliseconds);
        Assert.Equal(500, clock.ShutdownMilliseconds);
        Assert.Equal(300, new ShutdownClock(TimeSpan.FromMilliseconds(400)).FlushMilliseconds); // a quarter kept of a short limit
    }

    [Fact]
    public void A_flush_that_waits_says_once_what_it_waits_for_and_how_long_at_most()
    {
        SlowFlush<LogRecord> slow = new(TimeSpan.FromMilliseconds(1500));
        CapturingLogger warnings = new();
        TelemetryHarness harness = new(configure: options =>
        {
            options.ShutdownTimeout = TimeSpan.FromSeconds(4);
            options.ConfigureLogging = logging => logging.AddProcessor(slow);
            options.ConfigureLoggerFactory = logging => logging.AddProvider(new CapturingLoggerProvider(warnings));
        });
        harness.Tracer.Lifetime.Notice.Delay = TimeSpan.FromMilliseconds(100);

        harness.Tracer.Flush(); // a flush outside the end says nothing
        harness.Dispose();

        string notice = Assert.Single(warnings.Messages);
        Assert.StartsWith("Stopping: waiting up to ", notice, StringComparison.Ordinal);
        Assert.Contains("(ShutdownTimeout 4.0 s) for the herald at http://localhost:4317/ to take 0 spans", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_that_stops_within_its_own_ShutdownTimeout_shares_one_ChimeLogger_ShutdownTimeout_between_its_flush_and_the_disposal()
    {
        SlowFlush<LogRecord> slow = new(TimeSpan.FromMilliseconds(300));
        IHost host = HostWith(slow, hostShutdown: TimeSpan.FromSeconds(30));
        await host.StartAsync();

        await host.StopAsync();
        host.Dispose();

        // The clock started at the host's flush and went on through it: the disposal got what was left after both flushes,
        // not a limit of its own.
        Assert.Equal(2, slow.Flushes);
        Assert.InRange(slow.ShutdownTimeouts.Single(), 1, 10_000 - 600);
    }

    [Fact]
    public async Task A_host_whose_own_ShutdownTimeout_runs_out_first_stops_waiting_says_so_and_only_shuts_down()
    {
        SlowFlush<LogRecord> slow = new(TimeSpan.FromSeconds(2));
        CapturingLogger warnings = new();
        IHost host = HostWith(slow, hostShutdown: TimeSpan.FromMilliseconds(200), warnings);
        await host.StartAsync();

        Stopwatch stopping = Stopwatch.StartNew();
        await host.StopAsync();
        stopping.Stop();
        host.Dispose();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(1.5), $"StopAsync took {stopping.Elapsed}: ChimeLogger waited past the host's limit");
        Assert.Contains(warnings.Messages, m => m.StartsWith("The host's ShutdownTimeout ran out while ChimeLogger was still delivering", StringComparison.Ordinal));
        Assert.Equal(500, slow.ShutdownTimeouts.Single());
    }

    private static IHost HostWith(SlowFlush<LogRecord> slow, TimeSpan hostShutdown, CapturingLogger? warnings = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = hostShutdown);
        builder.AddChimeLogger(options =>
        {
            options.EnvironmentReader = _ => null;
            options.OtlpExportEnabled = false;
            options.FileLogEnabled = false;
            options.ShutdownTimeout = TimeSpan.FromSeconds(10);
            options.ConfigureLogging = logging => logging.AddProcessor(slow);
            if (warnings is not null)
            {
                options.ConfigureLoggerFactory = logging => logging.AddProvider(new CapturingLoggerProvider(warnings));
            }
        });
        return builder.Build();
    }

    /// <summary>A pipeline stage whose flush takes a while, recording each flush and the time its shutdown is given.</summary>
    private sealed class SlowFlush<T>(TimeSpan flushFor) : BaseProcessor<T>
    {
        private readonly List<int> _shutdownTimeouts = [];
        private int _flushes;

        public int Flushes => Volatile.Read(ref _flushes);

        public List<int> ShutdownTimeouts
        {
            get
            {
                lock (_shutdownTimeouts)
                {
                    return [.. _shutdownTimeouts];
                }
            }
        }

        protected override bool OnForceFlush(int timeoutMilliseconds)
        {
            Interlocked.Increment(ref _flushes);
            Thread.Sleep(flushFor);
            return true;
        }

        protected override bool OnShutdown(int timeoutMilliseconds)
        {
            lock (_shutdownTimeouts)
            {
                _shutdownTimeouts.Add(timeoutMilliseconds);
            }

            return true;
        }
    }
}
