using System.Net;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// The retry backlog keeps the herald's write order (docs/reliability.md, "Delivery order"): what waits for creations
/// leaves only after they were accepted and the pause has passed, through a retry in memory, from disk in the same run,
/// and from disk in the next run; creations do not overtake older ones; batches leave oldest first, disk before memory.
/// </summary>
public sealed class RetryOrderTests : IDisposable
{
    private static readonly Uri s_herald = new("http://herald.example:4317/");
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(400);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "chimelogger-order-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Operations_waiting_for_creations_held_for_retry_leave_after_them_and_after_the_pause()
    {
        Herald herald = new(failuresFirst: 2);
        CreationDeliveries deliveries = new(s_pause);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 5);
        using ExportBacklog backlog = Backlog(gate, herald, deliveries, diskRoot: null);
        long creations = deliveries.Begin();

        backlog.MarkDown("Connection refused");
        backlog.Park([1], count: 3, DeliveryTag.Creations(creations));
        backlog.Park([2], count: 2, DeliveryTag.After(creations));
        backlog.Start();

        Assert.True(backlog.Flush(30_000), "The backlog was not delivered within 30 s.");
        Assert.Equal((5L, 0L), (gate.Exported, gate.Failed));
        (byte Body, long At)[] sent = herald.Sent;
        Assert.Equal([1, 1, 1, 2], sent.Select(s => s.Body)); // two failed attempts of the creations, then in order
        Assert.True(sent[3].At - sent[2].At >= s_pause.TotalMilliseconds - 20,
            $"The operations followed their creations after {sent[3].At - sent[2].At} ms, before the pause of {s_pause.TotalMilliseconds} ms.");
    }

    [Fact]
    public void Only_what_may_go_now_leaves_at_once_and_a_creations_request_does_not_overtake_an_older_one()
    {
        CreationDeliveries deliveries = new(s_pause);
        using ExportBacklog backlog = Backlog(ExportGates.Offered(capacity: 10, items: 0), new Herald(0), deliveries, diskRoot: null);
        long first = deliveries.Begin();
        long second = deliveries.Begin();

        Assert.True(backlog.MaySendNow(DeliveryTag.Plain));
        Assert.True(backlog.MaySendNow(DeliveryTag.Creations(first)));
        Assert.False(backlog.MaySendNow(DeliveryTag.Creations(second)));
        Assert.False(backlog.MaySendNow(DeliveryTag.After(first)));

        deliveries.Accepted(first);
        Assert.True(backlog.MaySendNow(DeliveryTag.Creations(second)));
        Assert.False(backlog.MaySendNow(DeliveryTag.After(first))); // accepted, not yet written
        Assert.True(SpinWait.SpinUntil(() => backlog.MaySendNow(DeliveryTag.After(first)), TimeSpan.FromSeconds(10)));

        backlog.MarkDown("HTTP 503");
        Assert.False(backlog.MaySendNow(DeliveryTag.Plain)); // with the herald down, everything joins the backlog
    }

    [Fact]
    public void Stored_creations_and_the_operations_waiting_for_them_keep_their_order_and_pause_in_the_next_run()
    {
        using (DiskBatchStore earlier = DiskBatchStore.Open(_root, "traces", s_herald, limitBytes: 1 << 20))
        {
            earlier.Write([7], count: 1); // a plain batch of an earlier version
            earlier.Write([1], count: 4, DeliveryTag.Creations(41));
            earlier.Write([2], count: 4, DeliveryTag.After(41));
            earlier.Write([3], count: 2, DeliveryTag.Creations(42));
        }

        string[] names = Directory.GetFiles(DiskBatchStore.DirectoryFor(_root, "traces", s_herald), "*.batch").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Matches(@"^\d{19}-[0-9a-f]{8}-\d{10}\.1\.batch$", names[0]);
        Assert.Matches(@"^\d{19}-[0-9a-f]{8}-\d{10}-c\.4\.batch$", names[1]);
        Assert.Matches(@"^\d{19}-[0-9a-f]{8}-\d{10}-d\.4\.batch$", names[2]);

        Herald herald = new(failuresFirst: 0);
        CreationDeliveries deliveries = new(s_pause);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 0);
        using ExportBacklog backlog = Backlog(gate, herald, deliveries, _root);
        backlog.Start();

        // An earlier run's batches are not this run's to flush: wait until they are delivered.
        Assert.True(SpinWait.SpinUntil(() => gate.Recovered == 11, TimeSpan.FromSeconds(30)), "The stored batches were not delivered within 30 s.");
        (byte Body, long At)[] sent = herald.Sent;
        Assert.Equal([7, 1, 3, 2], sent.Select(s => s.Body)); // the waiting batch lets the next creations pass
        long accepted = sent.Single(s => s.Body == 1).At;
        Assert.True(sent.Single(s => s.Body == 2).At - accepted >= s_pause.TotalMilliseconds - 20, "The stored operations did not wait for the pause.");
    }

    [Fact]
    public void Batches_moved_to_disk_keep_their_order_and_leave_before_those_still_in_memory()
    {
        Herald herald = new(failuresFirst: int.MaxValue);
        // A pause far longer than a send can take on a loaded machine: the younger batch must pass within it, not after.
        CreationDeliveries deliveries = new(TimeSpan.FromSeconds(5));
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 6);
        using ExportBacklog backlog = Backlog(gate, herald, deliveries, _root, window: TimeSpan.FromMilliseconds(300));
        long creations = deliveries.Begin();
        backlog.MarkDown("Connection refused");
        backlog.Park([1], count: 2, DeliveryTag.Creations(creations));
        backlog.Park([2], count: 2, DeliveryTag.After(creations));
        backlog.Start();
        Assert.True(SpinWait.SpinUntil(() => gate.Stored == 4, TimeSpan.FromSeconds(20)), "The batches were not written to disk after the window.");

        backlog.Park([3], count: 2); // younger, in memory
        herald.FailuresFirst = 0;

        Assert.True(backlog.Flush(30_000), "The batches were not delivered within 30 s.");
        Assert.Equal([1, 3, 2], herald.All.Where(s => s.Accepted).Select(s => s.Body));
        Assert.Equal((6L, 0L, 0L), (gate.Exported, gate.Failed, gate.Stored));
    }

    [Fact]
    public void Without_retry_the_backlog_still_holds_what_waits_for_creations_and_counts_a_failed_send_at_once()
    {
        Herald herald = new(failuresFirst: 1);
        CreationDeliveries deliveries = new(s_pause);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        using ExportBacklog backlog = Backlog(gate, herald, deliveries, diskRoot: null, retry: false);
        long creations = deliveries.Begin();
        deliveries.Accepted(creations);
        backlog.Start();

        backlog.MarkDown("Connection refused"); // no retry: the herald is not taken for down
        Assert.False(backlog.HeraldDown);
        backlog.Park([2], count: 1, DeliveryTag.After(creations));
        backlog.Park([3], count: 2, DeliveryTag.After(creations));

        Assert.True(backlog.Flush(30_000));
        Assert.Equal((2L, 1L), (gate.Exported, gate.Failed)); // the first send failed and is not tried again
        Assert.Equal([2, 3], herald.Sent.Select(s => s.Body));
    }

    private static ExportBacklog Backlog(ExportGate gate, Herald herald, CreationDeliveries deliveries, string? diskRoot, TimeSpan? window = null, bool retry = true) =>
        new("traces", s_herald, "/traces", gate, WarningLog.Silent, window ?? TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10),
            diskRoot, diskLimitBytes: 1 << 20, herald, deliveries, retry);

    /// <summary>A herald that refuses the first connections, then accepts; it records the first byte of each body and when it came.</summary>
    private sealed class Herald(int failuresFirst) : HttpMessageHandler
    {
        private readonly List<(byte Body, long At, bool Accepted)> _sent = [];
        private int _attempts;

        public int FailuresFirst { get; set; } = failuresFirst;

        public (byte Body, long At)[] Sent
        {
            get
            {
                lock (_sent)
                {
                    return _sent.Select(s => (s.Body, s.At)).ToArray();
                }
            }
        }

        public IEnumerable<(byte Body, long At, bool Accepted)> All
        {
            get
            {
                lock (_sent)
                {
                    return [.. _sent];
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            byte[] body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            bool fail = Interlocked.Increment(ref _attempts) <= FailuresFirst;
            lock (_sent)
            {
                _sent.Add((body[0], Environment.TickCount64, !fail));
            }

            if (fail)
            {
                throw new HttpRequestException("Connection refused");
            }

            HttpResponseMessage response = new(HttpStatusCode.OK);
            response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
            return response;
        }
    }
}
