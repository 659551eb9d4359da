using System.Diagnostics;
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

    private OrderedDelivery Delivery(out CreationDeliveries deliveries, out OpenCreations open, TimeSpan? pause = null, TimeSpan? waitLimit = null)
    {
        deliveries = new CreationDeliveries(pause ?? TimeSpan.FromSeconds(1));
        open = new OpenCreations(waitLimit ?? TimeSpan.FromSeconds(30));
        WarningLog log = new(_warnings);
        return new OrderedDelivery(open, deliveries, Send, log);
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
