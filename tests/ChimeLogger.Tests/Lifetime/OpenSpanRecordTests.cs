using System.Diagnostics;
using ChimeLogger.Lifetime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests.Lifetime;

/// <summary>
/// The record of the spans still open (<see cref="ChimeLogger.Lifetime.OpenSpans"/>), which the end of the process reads:
/// it holds the spans open on every thread, forgets those that ended, grows only with the spans open at once, and loses no
/// open span while it grows.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class OpenSpanRecordTests
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
}
