using System.Diagnostics;
using System.Runtime.CompilerServices;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using OpenTelemetry;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// How a batch of spans is split so that the herald writes creations before what refers to them
/// (docs/reliability.md, "Delivery order"): creations first, the operations on them in a second request tagged to wait
/// for the first; operations on entities created long ago are not held; an operation whose create span is still open
/// waits for it, at most the limit, and a flush sends it.
/// </summary>
public sealed class OrderedDeliveryTests : IDisposable
{
    private readonly ActivitySource _source = new("ChimeLogger.Tests.OrderedDelivery");
    private readonly ActivityListener _listener;
    private readonly List<(string[] Spans, DeliveryTag Tag)> _sent = [];
    private readonly CapturingLogger _warnings = new();

    public OrderedDeliveryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, _source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>What the herald does with each request: accepted unless told otherwise.</summary>
    private Func<DeliveryTag, (bool Accepted, bool Parked)> Answer { get; set; } = _ => (true, false);

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
    }

    [Fact]
    public void A_batch_leaves_as_its_creations_then_the_operations_on_them_tagged_to_wait_for_that_request()
    {
        using OrderedDelivery delivery = Delivery(out CreationDeliveries deliveries, out _);

        delivery.Export(Batch(Create("blk-1"), Operate("blk-1"), Child(), Create("blk-2"), Operate("elsewhere-7"), Operate("blk-2")));

        Assert.Equal(2, _sent.Count);
        Assert.Equal(["create blk-1", "child", "create blk-2", "operate elsewhere-7"], _sent[0].Spans);
        Assert.Equal(DeliveryTag.Creations(1), _sent[0].Tag);
        Assert.Equal(["operate blk-1", "operate blk-2"], _sent[1].Spans);
        Assert.Equal(DeliveryTag.After(1), _sent[1].Tag);
        Assert.False(deliveries.IsSettled(1)); // accepted now: the herald has the pause to write it
    }

    [Fact]
    public void Operations_are_held_only_while_the_herald_may_still_be_writing_their_creation()
    {
        using OrderedDelivery delivery = Delivery(out _, out _, pause: TimeSpan.FromMilliseconds(150));
        delivery.Export(Batch(Create("blk-1")));

        delivery.Export(Batch(Operate("blk-1")));
        Thread.Sleep(300);
        delivery.Export(Batch(Operate("blk-1")));

        Assert.Equal(3, _sent.Count);
        Assert.Equal(DeliveryTag.After(1), _sent[1].Tag); // within the pause: it waits
        Assert.Equal(DeliveryTag.Plain, _sent[2].Tag);    // after it: straight on, in a plain request
        Assert.Equal(["operate blk-1"], _sent[2].Spans);
    }

    [Fact]
    public void An_operation_that_ended_inside_its_create_waits_for_the_create_and_follows_it()
    {
        using OrderedDelivery delivery = Delivery(out _, out OpenCreations open);
        Activity create = Create("evt-1", end: false);
        open.Started(create);

        delivery.Export(Batch(Operate("evt-1"), Create("evt-0")));

        Assert.Equal(["create evt-0"], Assert.Single(_sent).Spans);
        Assert.Equal(1, delivery.HeldCount);

        create.Stop();
        delivery.Export(Batch(create));

        Assert.Equal(0, delivery.HeldCount);
        Assert.Equal(3, _sent.Count);
        Assert.Equal(["create evt-1"], _sent[1].Spans);
        Assert.Equal(DeliveryTag.Creations(2), _sent[1].Tag);
        Assert.Equal(["operate evt-1"], _sent[2].Spans);
        Assert.Equal(DeliveryTag.After(2), _sent[2].Tag);
        Assert.Equal(0, open.Count);
        Assert.Empty(_warnings.Messages);
    }

    [Fact]
    public void An_operation_waits_for_an_open_creation_at_most_the_limit_then_is_sent_with_a_warning()
    {
        using OrderedDelivery delivery = Delivery(out _, out OpenCreations open, waitLimit: TimeSpan.FromMilliseconds(300));
        Activity create = Create("evt-9", end: false);
        open.Started(create);
        Stopwatch waited = Stopwatch.StartNew();

        delivery.Export(Batch(Operate("evt-9")));

        Assert.Empty(_sent);
        // The timer's thread sends the operation, then warns: both are waited for.
        Assert.True(
            SpinWait.SpinUntil(() => Sent().Count == 1 && _warnings.Messages.Count > 0, TimeSpan.FromSeconds(10)),
            "The held operation was not sent, or not warned about, once its wait ran out.");
        Assert.InRange(waited.ElapsedMilliseconds, 250, 10_000);
        Assert.Equal(["operate evt-9"], Sent()[0].Spans);
        Assert.Equal(DeliveryTag.Plain, Sent()[0].Tag);
        string warning = Assert.Single(_warnings.Messages);
        Assert.StartsWith("1 operation(s) were sent to the herald while the creation of their entity was still open, for example 'classify' on 'evt-9' (an operation waits at most 0.3 s", warning, StringComparison.Ordinal);
        create.Stop();
    }

    [Fact]
    public void A_flush_sends_the_operations_that_wait_for_an_open_creation()
    {
        using OrderedDelivery delivery = Delivery(out _, out OpenCreations open);
        Activity create = Create("evt-3", end: false);
        open.Started(create);
        delivery.Export(Batch(Operate("evt-3"), Operate("evt-3")));
        Assert.Equal(2, delivery.HeldCount);

        Assert.True(delivery.SendHeld(1_000));

        Assert.Equal(0, delivery.HeldCount);
        Assert.Equal(["operate evt-3", "operate evt-3"], Assert.Single(_sent).Spans);
        Assert.StartsWith("2 operation(s) were sent", Assert.Single(_warnings.Messages), StringComparison.Ordinal);
        create.Stop();
    }

    [Fact]
    public void A_creations_request_kept_for_retry_stays_held_and_one_that_failed_for_good_frees_what_waits_for_it()
    {
        using OrderedDelivery delivery = Delivery(out CreationDeliveries deliveries, out _);

        Answer = tag => tag.Kind == DeliveryKind.Creations ? (false, true) : (true, false);
        delivery.Export(Batch(Create("blk-1"), Operate("blk-1")));
        Assert.Null(deliveries.ReleaseAt(1)); // parked: the backlog sends it, and what waits for it, later
        Assert.Equal(DeliveryTag.After(1), _sent[1].Tag);

        Answer = _ => (false, false);
        delivery.Export(Batch(Create("blk-2"), Operate("blk-2")));
        Assert.True(deliveries.IsSettled(2)); // counted as failed: nothing will be written, nothing waits for it
    }

    [Fact]
    public void A_create_span_never_ended_is_forgotten_after_ten_times_the_limit_and_not_waited_for()
    {
        OpenCreations open = new(TimeSpan.FromSeconds(1));
        Activity stale = Create("evt-stale", end: false);
        stale.SetStartTime(DateTime.UtcNow.AddSeconds(-11));
        Activity fresh = Create("evt-fresh", end: false);
        open.Started(stale);
        open.Started(fresh);

        Assert.Equal(["evt-fresh"], open.EntityIds());
        Assert.Equal(1, open.Count);
        stale.Stop();
        fresh.Stop();
    }

    [Fact]
    public void A_create_span_the_export_queue_drops_is_forgotten_so_that_nothing_waits_for_it()
    {
        OpenCreations open = new(TimeSpan.FromSeconds(30));
        ExportGate full = ExportGates.Offered(capacity: 1, items: 1);
        using BoundedActivityExportProcessor processor = new(full, new OpenTelemetry.Exporter.InMemoryExporter<Activity>(new List<Activity>()), open);
        Activity create = Create("blk-dropped", end: false);
        open.Started(create);
        create.Stop();

        processor.OnEnd(create);

        Assert.Equal((0, 1L), (open.Count, full.Dropped));
    }

    [Theory]
    [InlineData(true, true, ExportResult.Success)]
    [InlineData(false, true, ExportResult.Failure)]
    [InlineData(true, false, ExportResult.Failure)]
    [InlineData(false, false, ExportResult.Failure)]
    public void The_export_fails_when_either_request_failed_so_that_the_batch_is_counted_and_retried(bool creationsSent, bool operationsSent, ExportResult expected)
    {
        using OrderedDelivery delivery = Delivery(out _, out _);
        Answer = tag => (tag.Kind == DeliveryKind.Creations ? creationsSent : operationsSent, false);

        ExportResult result = delivery.Export(Batch(Create("blk-1"), Operate("blk-1")));

        Assert.Equal(expected, result);
        Assert.Equal([DeliveryTag.Creations(1), DeliveryTag.After(1)], _sent.Select(sent => sent.Tag));
    }

    [Fact]
    public void A_request_the_retry_backlog_took_counts_as_sent()
    {
        using OrderedDelivery delivery = Delivery(out _, out _);
        Answer = _ => (false, true);

        Assert.Equal(ExportResult.Success, delivery.Export(Batch(Create("blk-1"), Operate("blk-1"))));
        Assert.Equal(2, _sent.Count);
    }

    [Fact]
    public void The_warning_about_operations_sent_before_their_open_creation_names_the_first_of_them()
    {
        using OrderedDelivery delivery = Delivery(out _, out OpenCreations open);
        Activity first = Create("evt-a", end: false);
        Activity second = Create("evt-b", end: false);
        open.Started(first);
        open.Started(second);
        delivery.Export(Batch(Operate("evt-a"), Operate("evt-b")));

        Assert.True(delivery.SendHeld(1_000));

        Assert.Equal(["operate evt-a", "operate evt-b"], Assert.Single(_sent).Spans);
        Assert.StartsWith("2 operation(s) were sent to the herald while the creation of their entity was still open, for example 'classify' on 'evt-a' ", Assert.Single(_warnings.Messages), StringComparison.Ordinal);
        first.Stop();
        second.Stop();
    }

    [Fact]
    public void An_operation_is_sent_by_the_first_export_at_which_its_wait_has_reached_the_limit()
    {
        // The next export comes as soon as the clock reads the end of the wait, so mostly at that very tick.
        const int limit = 20;
        using OrderedDelivery delivery = Delivery(out _, out OpenCreations open, waitLimit: TimeSpan.FromMilliseconds(limit));
        for (int i = 0; i < 20; i++)
        {
            Activity create = Create("evt-" + i, end: false);
            open.Started(create);
            delivery.Export(Batch(Operate("evt-" + i)));
            long heldBy = Environment.TickCount64;
            while (Environment.TickCount64 < heldBy + limit)
            {
                Thread.SpinWait(20);
            }

            delivery.Export(Batch(Child()));

            Assert.Equal(0, delivery.HeldCount);
            Assert.Contains(Sent(), sent => sent.Spans.Contains("operate evt-" + i));
            create.Stop();
        }
    }

    [Fact]
    public async Task A_flush_gives_up_after_its_timeout_while_an_export_waits_for_the_herald_and_sends_once_it_is_answered()
    {
        using OrderedDelivery delivery = Delivery(out _, out OpenCreations open);
        Activity create = Create("evt-4", end: false);
        open.Started(create);
        delivery.Export(Batch(Operate("evt-4")));
        using ManualResetEventSlim exporting = new();
        using ManualResetEventSlim answered = new();
        Answer = _ =>
        {
            exporting.Set();
            answered.Wait();
            return (true, false);
        };
        Task<ExportResult> export = Task.Run(() => delivery.Export(Batch(Child())));
        bool? flushed = null;
        Thread flush = new(() => flushed = delivery.SendHeld(60_000));
        try
        {
            exporting.Wait();

            Assert.False(delivery.SendHeld(50)); // the herald has not answered the export in progress
            Assert.Equal(1, delivery.HeldCount);

            flush.Start();
            // Answer once the flush waits for the export (or, were it not to wait, once it has returned).
            SpinWait.SpinUntil(() => !flush.IsAlive || (flush.ThreadState & System.Threading.ThreadState.WaitSleepJoin) != 0);
        }
        finally
        {
            answered.Set(); // whatever was asserted, the export in progress is answered
        }

        flush.Join();

        Assert.True(flushed, "The flush did not wait for the export in progress.");
        Assert.Equal(ExportResult.Success, await export);
        Assert.Equal(0, delivery.HeldCount);
        Assert.Equal(["operate evt-4"], _sent[^1].Spans);
        create.Stop();
    }

    [Fact]
    public async Task A_flush_lets_go_of_the_delivery_for_the_other_threads()
    {
        using OrderedDelivery delivery = Delivery(out _, out OpenCreations open);
        Activity create = Create("evt-5", end: false);
        open.Started(create);
        delivery.Export(Batch(Operate("evt-5")));
        Assert.True(delivery.SendHeld(1_000));
        delivery.Export(Batch(Operate("evt-5")));
        Assert.Equal(1, delivery.HeldCount);

        // Another thread (the exporter's, a timer) may take the delivery at once.
        Assert.True(await Task.Run(() => delivery.SendHeld(0)));

        Assert.Equal(0, delivery.HeldCount);
        Assert.Equal(2, _sent.Count);
        create.Stop();
    }

    [Fact]
    public void After_dispose_an_export_is_still_delivered_and_nothing_is_scheduled()
    {
        OrderedDelivery delivery = Delivery(out _, out OpenCreations open);
        Activity create = Create("evt-6", end: false);
        open.Started(create);
        delivery.Dispose();

        Assert.Equal(ExportResult.Success, delivery.Export(Batch(Create("blk-1"), Operate("blk-1"))));
        Assert.Equal(ExportResult.Success, delivery.Export(Batch(Operate("evt-6"))));

        Assert.Equal([DeliveryTag.Creations(1), DeliveryTag.After(1)], _sent.Select(sent => sent.Tag));
        Assert.Equal(1, delivery.HeldCount);
        Assert.True(delivery.SendHeld(1_000)); // a shutdown's last flush
        Assert.Equal(["operate evt-6"], _sent[^1].Spans);
        create.Stop();
    }

    [Fact]
    public void Dispose_stops_the_timer_for_held_operations_so_that_it_no_longer_keeps_the_delivery()
    {
        OpenCreations open = new(TimeSpan.FromSeconds(30));
        Activity create = Create("evt-7", end: false);
        open.Started(create);

        WeakReference disposed = HoldThenDispose(open, Operate("evt-7"));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(disposed.IsAlive, "A disposed delivery is still referenced: its timer was left running.");
        create.Stop();
    }

    [Fact]
    public void The_timer_sends_each_held_operation_when_its_own_wait_runs_out()
    {
        // Limit 2 s; the second operation is held 1 s after the first, so the timer must wake for the first alone.
        using OrderedDelivery delivery = Delivery(out _, out OpenCreations open, waitLimit: TimeSpan.FromSeconds(2));
        Activity first = Create("evt-a", end: false);
        Activity second = Create("evt-b", end: false);
        open.Started(first);
        open.Started(second);

        delivery.Export(Batch(Operate("evt-a")));
        long heldFirst = Environment.TickCount64;
        while (Environment.TickCount64 < heldFirst + 1_000)
        {
            Thread.Sleep(50);
        }

        delivery.Export(Batch(Operate("evt-b")));
        Assert.Equal(2, delivery.HeldCount);

        Assert.True(SpinWait.SpinUntil(() => Sent().Count >= 1, TimeSpan.FromSeconds(30)), "The first held operation was not sent once its wait ran out.");
        Assert.Equal(["operate evt-a"], Sent()[0].Spans);
        Assert.True(SpinWait.SpinUntil(() => Sent().Count >= 2, TimeSpan.FromSeconds(30)), "The second held operation was not sent once its wait ran out.");
        Assert.Equal(["operate evt-b"], Sent()[1].Spans);
        first.Stop();
        second.Stop();
    }

    [Fact]
    public void A_send_that_throws_on_the_timer_thread_does_not_end_the_process()
    {
        using OrderedDelivery delivery = Delivery(out _, out OpenCreations open, waitLimit: TimeSpan.FromMilliseconds(100));
        Activity create = Create("evt-8", end: false);
        open.Started(create);
        using ManualResetEventSlim thrown = new();
        Answer = _ =>
        {
            thrown.Set();
            throw new InvalidOperationException("The exporter failed.");
        };

        delivery.Export(Batch(Operate("evt-8")));
        Assert.True(thrown.Wait(TimeSpan.FromSeconds(30)), "The timer did not send the held operation.");
        Answer = _ => (true, false);

        // The timer's callback has let go of the delivery: the next export goes through.
        Assert.Equal(ExportResult.Success, delivery.Export(Batch(Child())));
        Assert.Equal(["child"], _sent[^1].Spans);
        create.Stop();
    }

    [Fact]
    public void Ids_of_a_settled_creations_request_are_forgotten_and_past_the_bound_an_id_not_found_waits_for_the_newest_forgotten_request()
    {
        using OrderedDelivery delivery = Delivery(out CreationDeliveries deliveries, out _);
        // The first creations request is refused (settled at once); the next ones are kept for retry (an outage).
        Answer = tag => tag.Kind != DeliveryKind.Creations ? (true, false) : tag.Sequence == 1 ? (false, false) : (false, true);
        delivery.Export(Batch(Create("blk-early")));

        // As many ids as are remembered: all of them are, and an id never created here waits for nothing.
        delivery.Export(Batch([.. Enumerable.Range(0, 65_536).Select(i => Create("blk-" + i))]));
        delivery.Export(Batch(Operate("made-elsewhere")));
        Assert.Equal(DeliveryTag.Plain, _sent[^1].Tag);

        // One more: the oldest request still remembered is forgotten, though the herald may still be writing it.
        delivery.Export(Batch(Create("blk-late")));
        delivery.Export(Batch(Operate("blk-7")));
        Assert.Equal(["operate blk-7"], _sent[^1].Spans);
        Assert.Equal(DeliveryTag.After(2), _sent[^1].Tag);
        delivery.Export(Batch(Operate("blk-early")));
        Assert.Equal(DeliveryTag.After(2), _sent[^1].Tag); // forgotten when settled: never waits too little
        delivery.Export(Batch(Operate("blk-late")));
        Assert.Equal(DeliveryTag.After(3), _sent[^1].Tag);

        deliveries.Settle(DeliveryTag.Creations(2), accepted: false);
        delivery.Export(Batch(Operate("blk-7")));
        Assert.Equal(DeliveryTag.Plain, _sent[^1].Tag);
    }

    [Fact]
    public void An_entity_created_again_waits_for_its_newest_creation_after_the_older_one_is_settled()
    {
        using OrderedDelivery delivery = Delivery(out CreationDeliveries deliveries, out _);
        Answer = tag => tag.Kind == DeliveryKind.Creations ? (false, true) : (true, false);
        delivery.Export(Batch(Create("blk-again")));
        delivery.Export(Batch(Create("blk-again")));

        deliveries.Settle(DeliveryTag.Creations(1), accepted: false); // the backlog gave the first up
        delivery.Export(Batch(Child()));
        delivery.Export(Batch(Operate("blk-again")));

        Assert.Equal(["operate blk-again"], _sent[^1].Spans);
        Assert.Equal(DeliveryTag.After(2), _sent[^1].Tag);
    }

    private OrderedDelivery Delivery(out CreationDeliveries deliveries, out OpenCreations open, TimeSpan? pause = null, TimeSpan? waitLimit = null)
    {
        deliveries = new CreationDeliveries(pause ?? TimeSpan.FromSeconds(1));
        open = new OpenCreations(waitLimit ?? TimeSpan.FromSeconds(30));
        WarningLog log = new(_warnings);
        return new OrderedDelivery(open, deliveries, Send, log);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference HoldThenDispose(OpenCreations open, Activity operation)
    {
        OrderedDelivery delivery = new(open, new CreationDeliveries(TimeSpan.FromSeconds(1)), Send, new WarningLog(_warnings));
        delivery.Export(Batch(operation));
        Assert.Equal(1, delivery.HeldCount); // the timer is set for the end of its wait
        delivery.Dispose();
        return new WeakReference(delivery);
    }

    private ExportAttempt Send(Activity[] spans, DeliveryTag tag)
    {
        ExportAttempt attempt = new(spans.Length, tag);
        (attempt.Accepted, attempt.Parked) = Answer(tag);
        attempt.Succeeded = attempt.Accepted || attempt.Parked;
        lock (_sent)
        {
            _sent.Add((spans.Select(Describe).ToArray(), tag));
        }

        return attempt;
    }

    private List<(string[] Spans, DeliveryTag Tag)> Sent()
    {
        lock (_sent)
        {
            return [.. _sent];
        }
    }

    private static string Describe(Activity span) =>
        span.GetTagItem(HelixAttributes.EntityId) is string id
            ? (span.GetTagItem(HelixAttributes.IsOperation) is "true" ? "operate " : "create ") + id
            : "child";

    private static Batch<Activity> Batch(params Activity[] spans) => new(spans, spans.Length);

    private Activity Create(string id, bool end = true)
    {
        Activity span = _source.StartActivity("helix.create")!;
        span.DisplayName = "ingest";
        span.SetTag(HelixAttributes.EntityId, id);
        if (end)
        {
            span.Stop();
        }

        return span;
    }

    private Activity Operate(string id)
    {
        Activity span = _source.StartActivity("helix.operate")!;
        span.DisplayName = "classify";
        span.SetTag(HelixAttributes.IsOperation, "true");
        span.SetTag(HelixAttributes.EntityId, id);
        span.Stop();
        return span;
    }

    private Activity Child()
    {
        Activity span = _source.StartActivity("helix.child")!;
        span.SetTag(HelixAttributes.LogEntityId, "blk-1");
        span.Stop();
        return span;
    }
}
