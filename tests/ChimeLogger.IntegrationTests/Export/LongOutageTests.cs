using System.Diagnostics;
using ChimeLogger.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChimeLogger.IntegrationTests.Export;

/// <summary>
/// Outages longer than a blip, against tools/ChimeLogger.CountingReceiver run as its own process and killed by its
/// process id in the middle of a steady run (100 spans/s, each with one log record), then started again on the same
/// port. The receiver records the entity id of every span and the resource name of every log record it acknowledged,
/// so each test counts what was delivered, and how many times. Clocks are short here (seconds, with a retry window of
/// a few seconds where the test is about the window); docs/reliability.md has the full-length runs.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class LongOutageTests(ITestOutputHelper output) : TelemetryTest
{
    private const int Rate = 100;
    private static readonly TimeSpan s_maxOutage = TimeSpan.FromSeconds(30);
    private readonly CapturedLogs _logs = new();
    private readonly List<CountingReceiverProcess> _receivers = [];

    protected override void DisposeStarted()
    {
        foreach (CountingReceiverProcess receiver in _receivers)
        {
            receiver.Dispose();
        }
    }

    // 14 s: longer than the OTLP exporter's own retry, which gives up after its 10 s export timeout.
    [Fact]
    public async Task With_default_options_an_outage_mid_run_loses_nothing_and_duplicates_nothing()
    {
        Run run = await RunWithOutageAsync("default", before: 2, outage: 14, after: 2, configure: _ => { });

        output.WriteLine($"default options, outage {run.Outage.TotalSeconds:F1} s: {run}");
        Assert.Equal(0, run.SpansDuplicated);
        Assert.Equal(0, run.LogsDuplicated);
        Assert.Equal(run.Emitted, run.SpansDelivered);
        Assert.Equal(run.Emitted, run.LogsDelivered);
        AllExported(run);
        Assert.Contains(_logs.Entries, e => e.Contains("Export of traces to", StringComparison.Ordinal) && e.Contains("retried for up to 120 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_memory_retry_an_outage_longer_than_the_window_loses_what_waited_too_long_and_counts_it()
    {
        Run run = await RunWithOutageAsync(
            "window",
            before: 1,
            outage: 7,
            after: 2,
            configure: options => options.ExportRetryWindow = TimeSpan.FromSeconds(2),
            until: s => s.SpansFailed > 0 && s.LogRecordsFailed > 0);

        output.WriteLine($"memory retry, window 2 s, outage {run.Outage.TotalSeconds:F1} s: {run}");
        Assert.Equal(0, run.SpansDuplicated);
        Assert.True(run.Statistics.SpansFailed > 0, "Spans that waited longer than the window must be given up.");
        Assert.Equal(run.Statistics.SpansExported, run.SpansDelivered);
        Assert.Equal(run.Emitted, run.Statistics.SpansExported + run.Statistics.SpansFailed);
        Assert.Equal(0, run.LogsDuplicated);
        Assert.True(run.Statistics.LogRecordsFailed > 0, "Log records get the same treatment as spans.");
        Assert.InRange(run.LogsDelivered + run.Statistics.LogRecordsFailed, run.Emitted, run.Emitted + 10); // ChimeLogger's own warnings are log records too
        Assert.Contains(_logs.Entries, e => e.Contains("were given up after 2 s of retry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_disk_retry_an_outage_far_longer_than_the_window_loses_nothing_and_the_run_itself_delivers_it()
    {
        string retryPath = Folder.PathOf("retry");
        long storedDuringOutage = 0;
        Run run = await RunWithOutageAsync(
            "disk",
            before: 1,
            outage: 8,
            after: 2,
            configure: options =>
            {
                options.ExportRetry = ExportRetryMode.Disk;
                options.ExportRetryPath = retryPath;
                options.ExportRetryWindow = TimeSpan.FromSeconds(2);
            },
            until: s => (storedDuringOutage = Math.Max(storedDuringOutage, s.SpansStored)) > 0);

        output.WriteLine($"disk retry, window 2 s, outage {run.Outage.TotalSeconds:F1} s: {run}; most spans on disk during the outage {storedDuringOutage}");
        Assert.True(storedDuringOutage > 0, "Spans held longer than the window must go to disk during the outage.");
        Assert.Equal(0, run.SpansDuplicated);
        Assert.Equal(0, run.LogsDuplicated);
        Assert.Equal(run.Emitted, run.SpansDelivered);
        Assert.Equal(run.Emitted, run.LogsDelivered);
        AllExported(run);
        Assert.Empty(Directory.GetFiles(retryPath, "*.batch", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task With_disk_retry_over_its_size_limit_the_oldest_batches_are_evicted_counted_and_warned_about()
    {
        string retryPath = Folder.PathOf("retry");
        Run run = await RunWithOutageAsync(
            "evict",
            before: 1,
            outage: 7,
            after: 2,
            configure: options =>
            {
                options.ExportRetry = ExportRetryMode.Disk;
                options.ExportRetryPath = retryPath;
                options.ExportRetryWindow = TimeSpan.FromSeconds(1);
                options.ExportRetryDiskLimitBytes = 16 * 1024;
            },
            until: s => s.SpansEvicted > 0);

        output.WriteLine($"disk retry limited to 16 KiB, outage {run.Outage.TotalSeconds:F1} s: {run}");
        ExportStatistics s = run.Statistics;
        Assert.True(s.SpansEvicted > 0, "A 16 KiB directory cannot hold an outage of several seconds.");
        Assert.Equal(0, run.SpansDuplicated);
        Assert.Equal(run.Emitted, s.SpansExported + s.SpansFailed);
        Assert.Equal(s.SpansEvicted, s.SpansFailed);
        Assert.Equal(s.SpansExported, run.SpansDelivered);
        Assert.Contains(_logs.Entries, e => e.Contains("stored traces items were removed, oldest first", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_disk_retry_in_a_directory_that_can_no_longer_be_written_batches_are_counted_as_failed_and_the_pipeline_goes_on()
    {
        string retryPath = Folder.PathOf("retry");
        Run run = await RunWithOutageAsync(
            "unwritable",
            before: 1,
            outage: 5,
            after: 2,
            configure: options =>
            {
                options.ExportRetry = ExportRetryMode.Disk;
                options.ExportRetryPath = retryPath;
                options.ExportRetryWindow = TimeSpan.FromSeconds(1);
            },
            atOutage: () =>
            {
                // The signal's folder becomes a file: every write in it fails, as on a full or read-only disk, and
                // this holds for any user (root ignores permission bits).
                string traces = Path.Combine(retryPath, "traces");
                Directory.Delete(traces, recursive: true);
                File.WriteAllText(traces, "not a directory");
            },
            until: s => s.SpansFailed > 0);

        output.WriteLine($"disk retry into an unwritable directory, outage {run.Outage.TotalSeconds:F1} s: {run}");
        ExportStatistics s = run.Statistics;
        Assert.True(s.SpansFailed > 0, "Batches that cannot be stored are counted as failed.");
        Assert.Equal(0, run.SpansDuplicated);
        Assert.Equal(run.Emitted, s.SpansExported + s.SpansFailed);
        Assert.Equal(s.SpansExported, run.SpansDelivered);
        Assert.True(run.SpansDelivered > Rate * 2, "Spans after the outage are delivered: the pipeline went on.");
        Assert.Equal(run.Emitted, run.LogsDelivered); // the logs' folder was left alone
        Assert.Contains(_logs.Entries, e => e.Contains("Disk retry of traces cannot write", StringComparison.Ordinal));
    }

    // The receiver stays down for at least `outage` seconds and, when `until` is given, until the statistics show the
    // outage's effect (or for at most s_maxOutage). Batches leave every 5 s and the back-off grows to 5 s, so when a batch
    // outlives the window depends on where the kill falls in those cycles; a fixed outage made the tests depend on it.
    private async Task<Run> RunWithOutageAsync(
        string name, int before, int outage, int after, Action<ChimeLoggerOptions> configure,
        Func<ExportStatistics, bool>? until = null, Action? atOutage = null)
    {
        string record = Folder.PathOf(name + "-received.txt");
        int port = ReceiverPorts.PickFree().Grpc;
        CountingReceiverProcess receiver = Track(await CountingReceiverProcess.StartAsync(port, record));
        ChimeTracer tracer = ChimeTelemetry.Setup(TestSetup.UniquePipeline(name), options =>
        {
            TestSetup.Isolate(options, Folder, receiver.Endpoint, receiver.Endpoint);
            options.ConfigureLoggerFactory = logging => logging.AddProvider(_logs);
            configure(options);
        });

        using SteadyEmitter emitter = new(tracer, name, Rate);
        await Task.Delay(TimeSpan.FromSeconds(before));
        Stopwatch down = Stopwatch.StartNew();
        receiver.Kill();
        atOutage?.Invoke();
        bool seen = until is null;
        while (down.Elapsed < TimeSpan.FromSeconds(outage) || (!seen && down.Elapsed < s_maxOutage))
        {
            seen |= until?.Invoke(tracer.ExportStatistics) ?? true;
            await Task.Delay(200);
        }

        Track(await CountingReceiverProcess.StartAsync(port, record));
        down.Stop();
        await Task.Delay(TimeSpan.FromSeconds(after));
        int emitted = emitter.Stop();

        // Everything that can arrive arrives within a few back-off periods. The receiver writes what it acknowledges
        // before answering, so once nothing is pending the record file is complete.
        for (int wait = 0; wait < 400 && tracer.ExportStatistics is var s && s.SpansPending + s.LogRecordsPending > 0; wait++)
        {
            await Task.Delay(100);
        }

        ReceivedItems received = ReceivedItems.Read(record).Of(name + "-");
        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();
        return new Run(emitted, down.Elapsed, received, statistics);
    }

    // Every span exported, none dropped or failed; the same for log records (ChimeLogger's own warnings among them).
    private static void AllExported(Run run)
    {
        ExportStatistics s = run.Statistics;
        Assert.Equal((run.Emitted, run.Emitted, 0L, 0L), (s.SpansEnded, s.SpansExported, s.SpansDropped, s.SpansFailed));
        Assert.Equal((s.LogRecordsEnded, 0L, 0L), (s.LogRecordsExported, s.LogRecordsDropped, s.LogRecordsFailed));
        Assert.Equal((0L, 0L), (s.SpansStored, s.LogRecordsStored));
    }

    private CountingReceiverProcess Track(CountingReceiverProcess receiver)
    {
        _receivers.Add(receiver);
        return receiver;
    }

    // Only the emitter's items: ChimeLogger's own warnings about the outage are log records too.
    private sealed record Run(int Emitted, TimeSpan Outage, ReceivedItems Received, ExportStatistics Statistics)
    {
        public int SpansDelivered => Received.SpanIds.Distinct(StringComparer.Ordinal).Count();

        public int SpansDuplicated => Received.SpanIds.Count - SpansDelivered;

        public int LogsDelivered => Received.LogIds.Distinct(StringComparer.Ordinal).Count();

        public int LogsDuplicated => Received.LogIds.Count - LogsDelivered;

        public override string ToString() =>
            $"emitted {Emitted} spans and {Emitted} log records; delivered {SpansDelivered} spans ({SpansDuplicated} duplicated) and " +
            $"{LogsDelivered} log records ({LogsDuplicated} duplicated); {Statistics}";
    }

    /// <summary>Emits <c>rate</c> operate-like flows per second on its own thread: one span with one log record each.</summary>
    private sealed class SteadyEmitter : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private int _emitted;

        public SteadyEmitter(ChimeTracer tracer, string prefix, int rate)
        {
            ILogger log = tracer.CreateLogger("CHIME.outage");
            _thread = new Thread(() =>
            {
                Stopwatch clock = Stopwatch.StartNew();
                while (!_stop.IsCancellationRequested)
                {
                    long due = (long)(clock.Elapsed.TotalSeconds * rate);
                    while (_emitted < due)
                    {
                        string id = $"{prefix}-{_emitted}";
                        using (tracer.Create("steady", id, "event"))
                        {
                            log.LogInformation("processed");
                        }

                        _emitted++;
                    }

                    Thread.Sleep(5);
                }
            }) { IsBackground = true, Name = "steady emitter" };
            _thread.Start();
        }

        public int Stop()
        {
            _stop.Cancel();
            _thread.Join();
            return _emitted;
        }

        public void Dispose()
        {
            if (!_stop.IsCancellationRequested)
            {
                Stop();
            }

            _stop.Dispose();
        }
    }
}
