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

    [Fact]
    public void A_record_full_but_for_one_slot_puts_the_next_span_in_that_slot_instead_of_growing()
    {
        using SpanSource spans = new();
        OpenSpans record = new();
        int capacity = record.Capacity;

        // One thread fills the slots one after the other, so the span recorded last holds the slot just before the one
        // its next search starts from: the last slot that search looks at.
        List<Activity> open = [.. Enumerable.Range(0, capacity).Select(_ => spans.Start())];
        open.ForEach(record.Add);
        open[^1].Stop();
        Activity next = spans.Start();
        record.Add(next);

        Assert.Equal(capacity, record.Capacity);
        Assert.Equal(open.SkipLast(1).Append(next).ToHashSet(), record.Snapshot().ToHashSet());
        open.ForEach(span => span.Stop());
        next.Stop();
    }

    [Fact]
    public void A_snapshot_taken_while_the_record_grows_holds_every_span_recorded_before_it()
    {
        using SpanSource spans = new();
        Activity[] open = [.. Enumerable.Range(0, 1 << 14).Select(_ => spans.Start())];
        List<string> missed = [];

        // Each round grows a new record eight times over (the thread that grows it and the snapshot meet at varying points), each time taking a snapshot as soon as it has grown.
        for (int round = 0; round < 64; round++)
        {
            OpenSpans record = new();
            int recorded = 0;
            Thread adder = new(() =>
            {
                foreach (Activity span in open)
                {
                    record.Add(span);
                    Volatile.Write(ref recorded, Volatile.Read(ref recorded) + 1);
                }
            });
            int capacity = record.Capacity;
            adder.Start();
            while (Volatile.Read(ref recorded) < open.Length)
            {
                // A snapshot right after the record grew, while the thread that grew it may still be at work.
                int before = Volatile.Read(ref recorded);
                if (record.Capacity == capacity)
                {
                    continue;
                }

                capacity = record.Capacity;
                int seen = record.Snapshot().Count;
                if (seen < before)
                {
                    missed.Add($"round {round}: {seen} of {before}");
                }
            }

            adder.Join();
            Assert.Equal(open.Length, record.Snapshot().Count);
        }

        Assert.Empty(missed);
        Array.ForEach(open, span => span.Stop());
    }

    /// <summary>Spans of a source of their own, each started outside any other (none is the current span).</summary>
    private sealed class SpanSource : IDisposable
    {
        private readonly ActivitySource _source = new("ChimeLogger.Tests.Lifetime.OpenSpans");
        private readonly ActivityListener _listener;

        public SpanSource()
        {
            _listener = new()
            {
                ShouldListenTo = s => ReferenceEquals(s, _source),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public Activity Start()
        {
            Activity span = _source.StartActivity("open")!;
            Activity.Current = null;
            return span;
        }

        public void Dispose()
        {
            _listener.Dispose();
            _source.Dispose();
        }
    }
}
