using System.Net;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// Disk retry as the export path runs it (docs/reliability.md): a batch that outlives the retry window, or that would
/// hold more than half of the queue's bound in memory, is written to the retry directory and sent from there once the
/// herald answers; shutdown stores what is left for the next run, which delivers it and counts it as recovered; the
/// size limit evicts the oldest with a warning; a directory another process owns, a file removed by hand or a disk
/// that refuses to write never loses a batch silently. Files and <see cref="ExportGate"/> counters are what is checked.
/// </summary>
public sealed class DiskRetryTests : IDisposable
{
    private static readonly Uri s_herald = new("http://herald.example:4317/");
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "chimelogger-backlog-" + Guid.NewGuid().ToString("N")[..8]);

    private string Directory => DiskBatchStore.DirectoryFor(_root, "traces", s_herald);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_root))
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
        else if (File.Exists(_root))
        {
            File.Delete(_root);
        }
    }

    [Fact]
    public void A_batch_older_than_the_window_is_written_to_disk_then_sent_from_there_once_the_herald_answers()
    {
        Herald herald = new() { Down = true };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        CapturingLogger warnings = new();
        using ExportBacklog backlog = Backlog(gate, herald, warnings, window: TimeSpan.FromMilliseconds(200));
        backlog.Start();
        backlog.MarkDown("HttpRequestException: Connection refused");

        backlog.Park([1, 2, 3], count: 3);

        Poll(() => gate.Stored == 3, "The batch was not written to disk after the retry window.");
        Assert.Equal(0, gate.Inside);
        Assert.Equal(0, gate.Failed);
        string file = Assert.Single(BatchFiles());
        Assert.EndsWith(".3.batch", file, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(file));
        string unreachable = Assert.Single(warnings.Messages, m => m.StartsWith("Export of traces to http://herald.example:4317/ failed", StringComparison.Ordinal));
        Assert.Contains("(HttpRequestException: Connection refused)", unreachable, StringComparison.Ordinal);
        Assert.Contains("retried for up to 0.2 s, then written to " + Directory + ".", unreachable, StringComparison.Ordinal);

        herald.Down = false;

        Assert.True(backlog.Flush(60_000), "The stored batch was not delivered once the herald answered.");
        Assert.Equal((3L, 0L, 0L, 0L), (gate.Exported, gate.Failed, gate.Stored, gate.Recovered));
        Assert.Empty(BatchFiles());
        Assert.Equal([1, 2, 3], herald.Accepted.Single());
        Assert.False(backlog.HeraldDown);
        Assert.True(backlog.Shutdown(1_000));
    }

    [Fact]
    public void Batches_holding_more_than_half_of_the_queue_are_written_to_disk_before_the_window_oldest_first()
    {
        Herald herald = new() { Down = true };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 10);
        using ExportBacklog backlog = Backlog(gate, herald, new CapturingLogger(), window: TimeSpan.FromMinutes(10));
        backlog.Start();
        backlog.MarkDown("HttpRequestException: Connection refused");

        backlog.Park([5], count: 5);
        backlog.Park([3], count: 3);
        backlog.Park([2], count: 2);

        // 10 held: the oldest (5) goes to disk, leaving 5, which is not more than half: the others wait in memory.
        Poll(() => gate.Stored == 5, "The oldest batch was not written to disk while the backlog held the whole queue.");
        Assert.False(backlog.Flush(300));
        Assert.Equal((5L, 5L, 0L), (gate.Stored, gate.Inside, gate.Failed));
        Assert.EndsWith(".5.batch", Assert.Single(BatchFiles()), StringComparison.Ordinal);
    }

    [Fact]
    public void Shutdown_stores_what_is_left_and_the_next_run_delivers_it_as_recovered()
    {
        Herald down = new() { Down = true };
        ExportGate first = ExportGates.Offered(capacity: 10, items: 5);
        using (ExportBacklog backlog = Backlog(first, down, new CapturingLogger(), window: TimeSpan.FromMinutes(10)))
        {
            backlog.Start();
            backlog.MarkDown("HttpRequestException: Connection refused");
            backlog.Park([1, 1], count: 2);
            backlog.Park([2, 2, 2], count: 3);

            Assert.True(backlog.Shutdown(1_000), "Shutdown with disk retry lost batches instead of storing them.");
        }

        Assert.Equal((5L, 0L, 0L), (first.Stored, first.Inside, first.Failed));
        Assert.Equal(2, BatchFiles().Length);

        Herald up = new();
        ExportGate next = new(10);
        using ExportBacklog nextRun = Backlog(next, up, new CapturingLogger(), window: TimeSpan.FromMinutes(10));
        nextRun.Start();

        Poll(() => next.Recovered == 5, "The next run did not deliver the stored batches.");
        Assert.Equal((0L, 0L, 0L), (next.Exported, next.Failed, next.Stored));
        Assert.Equal([[1, 1], [2, 2, 2]], up.Accepted); // oldest first
        Poll(() => BatchFiles().Length == 0, "Delivered batches were left on disk.");
    }

    [Fact]
    public void A_stored_batch_of_an_earlier_run_the_herald_refuses_is_removed_and_not_counted_as_recovered()
    {
        using (DiskBatchStore earlier = DiskBatchStore.Open(_root, "traces", s_herald, limitBytes: 1 << 20))
        {
            earlier.Write([4, 4], count: 4);
        }

        Herald refusing = new() { Refuse = true };
        ExportGate gate = new(10);
        using ExportBacklog backlog = Backlog(gate, refusing, new CapturingLogger(), window: TimeSpan.FromMinutes(10));
        backlog.Start();

        Poll(() => BatchFiles().Length == 0, "The refused batch was not removed from disk.");
        Assert.Single(refusing.Refused);
        Assert.Equal((0L, 0L, 0L, 0L), (gate.Recovered, gate.Exported, gate.Failed, gate.Stored));
    }

    [Fact]
    public void A_stored_batch_of_this_run_the_herald_refuses_is_counted_as_failed()
    {
        Herald herald = new() { Down = true };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using ExportBacklog backlog = Backlog(gate, herald, new CapturingLogger(), window: TimeSpan.FromMilliseconds(100));
        backlog.Start();
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([8], count: 2);
        Poll(() => gate.Stored == 2, "The batch was not written to disk after the retry window.");

        herald.Refuse = true;
        herald.Down = false;

        Assert.True(backlog.Flush(60_000));
        Assert.Equal((2L, 0L, 0L), (gate.Failed, gate.Exported, gate.Stored));
        Assert.Empty(BatchFiles());
    }

    [Fact]
    public void Over_the_disk_limit_the_oldest_stored_items_are_evicted_counted_and_warned_about()
    {
        Herald herald = new() { Down = true };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 7);
        CapturingLogger warnings = new();
        using ExportBacklog backlog = Backlog(gate, herald, warnings, window: TimeSpan.FromMinutes(10), diskLimitBytes: 6);
        backlog.Start();
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([1, 1, 1, 1], count: 3);
        backlog.Park([2, 2, 2, 2], count: 4);

        Assert.True(backlog.Shutdown(1_000));

        Assert.Equal((3L, 3L, 4L), (gate.Evicted, gate.Failed, gate.Stored));
        Assert.Equal([2, 2, 2, 2], File.ReadAllBytes(Assert.Single(BatchFiles())));
        string evicted = Assert.Single(warnings.Messages, m => m.Contains("stored traces items were removed", StringComparison.Ordinal));
        Assert.StartsWith("3 stored traces items were removed, oldest first, from " + Directory + " to keep it under 0 MiB", evicted, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_directory_another_process_owns_is_warned_about_and_this_run_retries_in_memory()
    {
        using DiskBatchStore owner = DiskBatchStore.Open(_root, "traces", s_herald, limitBytes: 1 << 20);
        Herald herald = new() { Down = true };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        CapturingLogger warnings = new();
        using ExportBacklog backlog = Backlog(gate, herald, warnings, window: TimeSpan.FromMinutes(10));
        backlog.Start();
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([6], count: 2);

        Assert.False(backlog.Shutdown(500));

        Assert.Equal((2L, 0L), (gate.Failed, gate.Stored));
        Assert.Empty(BatchFiles());
        Assert.Contains(warnings.Messages, m => m.StartsWith("Disk retry of traces cannot use " + Directory + " (", StringComparison.Ordinal));
        Assert.Contains(warnings.Messages, m => m.Contains("then counted as failed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_stored_batch_of_this_run_removed_by_hand_is_counted_as_failed()
    {
        Herald herald = new() { Down = true };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        using ExportBacklog backlog = Backlog(gate, herald, new CapturingLogger(), window: TimeSpan.FromMilliseconds(100));
        backlog.Start();
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([3], count: 3);
        Poll(() => gate.Stored == 3, "The batch was not written to disk after the retry window.");

        File.Delete(Assert.Single(BatchFiles()));

        // The next attempt finds the file gone: the batch is lost, and counted so, herald or not.
        Poll(() => gate.Failed == 3, "A stored batch that could not be read was not counted as failed.");
        Assert.Equal((0L, 0L), (gate.Exported, gate.Stored));
        Assert.True(backlog.Flush(1_000));
    }

    [Fact]
    public void A_retry_directory_that_cannot_be_written_is_warned_about_and_the_batch_counted_as_failed()
    {
        Herald herald = new() { Down = true };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        CapturingLogger warnings = new();
        using ExportBacklog backlog = Backlog(gate, herald, warnings, window: TimeSpan.FromMilliseconds(100));
        backlog.Start();
        System.IO.Directory.Delete(Directory, recursive: true);
        File.WriteAllText(Directory, "not a directory");
        backlog.MarkDown("HttpRequestException: Connection refused");

        backlog.Park([2], count: 2);
        Poll(() => gate.Failed == 2, "The batch that could not be stored was not counted as failed.");
        backlog.Park([3], count: 1);
        Poll(() => gate.Failed == 3, "The second batch that could not be stored was not counted as failed.");

        Assert.Equal((0L, 0L), (gate.Stored, gate.Inside));
        Assert.Single(warnings.Messages, m => m.StartsWith("Disk retry of traces cannot write to " + Directory + " (", StringComparison.Ordinal)); // once a minute
        Assert.Contains(warnings.Messages, m => m.StartsWith("2 traces items were given up", StringComparison.Ordinal));
    }

    [Fact]
    public void An_evicted_creations_batch_is_settled_as_not_accepted_so_what_waits_for_it_may_go()
    {
        // A pause far longer than the test: a creations request settled as accepted would hold its dependents that long.
        CreationDeliveries deliveries = new(TimeSpan.FromHours(1));
        long creations = deliveries.Begin();
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using DiskRetry disk = new(_root, "traces", s_herald, limitBytes: 3, gate, deliveries, new WarningLog(new CapturingLogger()));
        disk.Open();

        Assert.True(disk.TryStore(new ParkedBatch([1, 1, 1], 1, Environment.TickCount64, DeliveryTag.Creations(creations))));
        Assert.False(deliveries.MaySend(DeliveryTag.After(creations)));
        Assert.True(disk.TryStore(new ParkedBatch([2, 2], 1, Environment.TickCount64, DeliveryTag.Plain)));

        Assert.Equal(1, gate.Evicted);
        Assert.True(deliveries.IsSettled(creations), "An evicted creations batch still held back what waits for it.");
        Assert.True(deliveries.MaySend(DeliveryTag.After(creations)));
    }

    [Fact]
    public void An_unreadable_creations_batch_is_settled_as_not_accepted_so_what_waits_for_it_may_go()
    {
        CreationDeliveries deliveries = new(TimeSpan.FromHours(1));
        long creations = deliveries.Begin();
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using DiskRetry disk = new(_root, "traces", s_herald, limitBytes: 1 << 20, gate, deliveries, new WarningLog(new CapturingLogger()));
        disk.Open();
        Assert.True(disk.TryStore(new ParkedBatch([1, 1], 2, Environment.TickCount64, DeliveryTag.Creations(creations))));
        StoredBatch stored = disk.Oldest(_ => true)!;
        File.Delete(stored.Path);

        Assert.Null(disk.Read(stored));

        Assert.Equal((2L, 0L), (gate.Failed, gate.Stored));
        Assert.True(deliveries.IsSettled(creations), "A lost creations batch still held back what waits for it.");
        Assert.True(deliveries.MaySend(DeliveryTag.After(creations)));
    }

    [Fact]
    public void The_first_failure_to_write_the_retry_directory_is_warned_about_at_once()
    {
        CapturingLogger warnings = new();
        using DiskRetry disk = new(_root, "traces", s_herald, limitBytes: 1 << 20, new ExportGate(10), deliveries: null, new WarningLog(warnings));

        disk.WriteFailed("No space left on device");

        string warning = Assert.Single(warnings.Messages);
        Assert.StartsWith("Disk retry of traces cannot write to " + _root + " (No space left on device)", warning, StringComparison.Ordinal);
    }

    private ExportBacklog Backlog(ExportGate gate, Herald herald, CapturingLogger warnings, TimeSpan window, long diskLimitBytes = 1 << 20)
    {
        WarningLog sink = new(warnings);
        return new ExportBacklog("traces", s_herald, "/traces", gate, sink, window, TimeSpan.FromSeconds(10), _root, diskLimitBytes, herald);
    }

    private string[] BatchFiles() =>
        System.IO.Directory.Exists(Directory) ? [.. System.IO.Directory.GetFiles(Directory, "*.batch").Order(StringComparer.Ordinal)] : [];

    private static void Poll(Func<bool> condition, string failure)
    {
        DateTime until = DateTime.UtcNow + s_patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, failure);
            Thread.Sleep(20);
        }
    }

    /// <summary>A herald that is down (connection refused) while asked to be, and otherwise accepts or refuses for good.</summary>
    private sealed class Herald : HttpMessageHandler
    {
        private readonly List<byte[]> _accepted = [];
        private readonly List<byte[]> _refused = [];
        private volatile bool _down;
        private volatile bool _refuse;

        public bool Down { get => _down; set => _down = value; }

        public bool Refuse { get => _refuse; set => _refuse = value; }

        public List<byte[]> Accepted { get { lock (_accepted) { return [.. _accepted]; } } }

        public List<byte[]> Refused { get { lock (_accepted) { return [.. _refused]; } } }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            byte[] body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            if (_down)
            {
                throw new HttpRequestException("Connection refused");
            }

            bool refuse = _refuse;
            lock (_accepted)
            {
                (refuse ? _refused : _accepted).Add(body);
            }

            HttpResponseMessage response = new(HttpStatusCode.OK);
            response.TrailingHeaders.TryAddWithoutValidation("grpc-status", refuse ? "3" : "0");
            return response;
        }
    }
}
