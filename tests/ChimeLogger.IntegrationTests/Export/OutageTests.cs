using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver;
using ChimeLogger.LocalReceiver.Model;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChimeLogger.IntegrationTests.Export;

/// <summary>
/// docs/helix-contract.md §6 against the real receiver, which each test starts, stops by its process id and starts again on the
/// same OTLP port: a herald absent at start, an outage in the middle of a run, and disk retry across two runs. Each test
/// writes its counts (emitted, delivered, dropped, failed, duplicated) to the test output; docs/reliability.md quotes them.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class OutageTests(ITestOutputHelper output) : TelemetryTest
{
    private readonly List<LocalOtlpReceiver> _receivers = [];

    protected override void DisposeStarted()
    {
        foreach (LocalOtlpReceiver receiver in _receivers)
        {
            receiver.Dispose();
        }
    }

    [Fact]
    public async Task A_herald_absent_at_start_does_not_stop_the_pipeline_and_receives_what_was_queued_once_it_appears()
    {
        ReceiverPorts ports = ReceiverPorts.PickFree();
        string pipeline = TestSetup.UniquePipeline("absent");
        ChimeTracer tracer = Setup(pipeline, ports, ExportRetryMode.Memory);

        Stopwatch emitting = Stopwatch.StartNew();
        Emit(tracer, "early", 200);
        emitting.Stop();
        tracer.Flush(TimeSpan.FromMilliseconds(300)); // the first export attempt fails and the exporter starts retrying

        LocalOtlpReceiver receiver = await StartReceiverAsync(ports);
        tracer.Flush(TimeSpan.FromSeconds(20));
        IReadOnlyList<ReceivedSpan> spans = await WaitForSpansAsync(receiver, tracer.ServiceName, 200);
        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();

        Counts counts = Counts.Of(200, spans, statistics);
        output.WriteLine($"herald absent at start: {counts}; 200 spans emitted in {emitting.ElapsedMilliseconds} ms with nothing listening");
        Assert.Equal(200, statistics.SpansEnded);
        Assert.Equal(0, counts.Duplicated);
        Assert.Equal(0, statistics.SpansDropped);
        Assert.Equal(200, counts.Delivered);
        Assert.Equal(200, statistics.SpansExported);
    }

    [Fact]
    public async Task Every_span_emitted_during_an_outage_of_a_few_seconds_is_delivered_once_the_herald_is_back()
    {
        ReceiverPorts ports = ReceiverPorts.PickFree();
        LocalOtlpReceiver first = await StartReceiverAsync(ports);
        string pipeline = TestSetup.UniquePipeline("outage");
        ChimeTracer tracer = Setup(pipeline, ports, ExportRetryMode.Memory);

        Emit(tracer, "before", 100);
        Assert.True(tracer.Flush(TimeSpan.FromSeconds(10)));
        IReadOnlyList<ReceivedSpan> before = await WaitForSpansAsync(first, tracer.ServiceName, 100);

        Stopwatch outage = Stopwatch.StartNew();
        Stop(first);
        Emit(tracer, "during", 100);
        tracer.Flush(TimeSpan.FromMilliseconds(300)); // exported into the outage: the exporter retries
        await Task.Delay(TimeSpan.FromSeconds(2)); // an outage of a few seconds, not only the restart time
        LocalOtlpReceiver second = await StartReceiverAsync(ports);
        outage.Stop();
        Emit(tracer, "after", 100);
        tracer.Flush(TimeSpan.FromSeconds(20));
        IReadOnlyList<ReceivedSpan> afterOutage = await WaitForSpansAsync(second, tracer.ServiceName, 200);
        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();

        Counts counts = Counts.Of(300, [.. before, .. afterOutage], statistics);
        output.WriteLine($"herald outage of {outage.Elapsed.TotalSeconds:F1} s (stop, restart on port {ports.Grpc}): {counts}; {statistics}");
        Assert.Equal(0, counts.Duplicated);
        Assert.Equal(100, afterOutage.Count(s => s.Name == "during"));
        Assert.Equal(300, counts.Delivered);
        Assert.Equal(
            new ExportStatistics
            {
                SpansEnded = 300,
                SpansExported = 300,
                LogRecordsEnded = statistics.LogRecordsEnded,
                LogRecordsExported = statistics.LogRecordsExported,
                LogRecordsDropped = statistics.LogRecordsDropped,
                LogRecordsFailed = statistics.LogRecordsFailed,
            },
            statistics);
    }

    [Fact]
    public async Task With_disk_retry_spans_of_a_run_that_ended_during_an_outage_are_delivered_by_the_next_run()
    {
        ReceiverPorts ports = ReceiverPorts.PickFree();
        string retryDirectory = Folder.PathOf("export-retry");

        // First run: nothing listens; it ends (tracer disposed) with its spans unsent.
        ChimeTracer firstRun = Setup(TestSetup.UniquePipeline("disk"), ports, ExportRetryMode.Disk, retryDirectory);
        string firstService = firstRun.ServiceName;
        Emit(firstRun, "stored", 50);
        firstRun.Dispose();
        ExportStatistics stored = firstRun.ExportStatistics;
        string[] blobs = Directory.GetFiles(Path.Combine(retryDirectory, "traces"), "*", SearchOption.AllDirectories);
        Assert.NotEmpty(blobs);

        // Next run, same directory, the herald is back: the exporter's retry thread sends what the first run stored.
        LocalOtlpReceiver receiver = await StartReceiverAsync(ports);
        Stopwatch delivery = Stopwatch.StartNew();
        using ChimeTracer nextRun = Setup(TestSetup.UniquePipeline("disk-next"), ports, ExportRetryMode.Disk, retryDirectory);
        IReadOnlyList<ReceivedSpan> spans = await WaitForSpansAsync(receiver, firstService, 50, TimeSpan.FromSeconds(100));
        delivery.Stop();

        Counts counts = Counts.Of(50, spans, stored);
        output.WriteLine(
            $"disk retry across runs: {counts}; {blobs.Length} batch file(s) stored by the first run, delivered {delivery.Elapsed.TotalSeconds:F0} s after the next run started");
        Assert.Equal(50, stored.SpansStored); // on disk: still pending, for the next run
        Assert.Equal(0, stored.SpansExported);
        for (int wait = 0; wait < 100 && nextRun.ExportStatistics.SpansRecovered < 50; wait++)
        {
            await Task.Delay(100); // counted once the herald's answer is read, just after the receiver has the spans
        }

        Assert.Equal(50, nextRun.ExportStatistics.SpansRecovered);
        Assert.Equal(50, counts.Delivered);
        Assert.Equal(0, counts.Duplicated);
    }

    private ChimeTracer Setup(string pipeline, ReceiverPorts ports, ExportRetryMode retry, string? retryPath = null)
    {
        Uri endpoint = new($"http://127.0.0.1:{ports.Grpc}");
        return ChimeTelemetry.Setup(pipeline, options =>
        {
            TestSetup.Isolate(options, Folder, endpoint, endpoint);
            options.ExportRetry = retry;
            options.ExportRetryPath = retryPath;
            options.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
    }

    private static void Emit(ChimeTracer tracer, string stage, int count)
    {
        ILogger log = tracer.CreateLogger("CHIME.outage");
        for (int i = 0; i < count; i++)
        {
            using (tracer.Create(stage, $"{stage}-{i}", "n2_acquisition"))
            {
                log.LogInformation("processed");
            }
        }
    }

    private async Task<LocalOtlpReceiver> StartReceiverAsync(ReceiverPorts ports)
    {
        // The ports of a receiver just stopped can take a moment to be free again: a few bounded attempts.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                LocalOtlpReceiver receiver = await LocalOtlpReceiver.StartAsync(new LocalOtlpReceiverOptions
                {
                    UiPort = ports.Ui,
                    OtlpGrpcPort = ports.Grpc,
                    OtlpHttpPort = ports.Http,
                });
                _receivers.Add(receiver);
                return receiver;
            }
            catch (LocalReceiverException) when (attempt < 10)
            {
                await Task.Delay(300);
            }
        }
    }

    /// <summary>Kills the receiver's process tree by its id, as an outage would end it.</summary>
    private static void Stop(LocalOtlpReceiver receiver)
    {
        using Process process = Process.GetProcessById(receiver.ProcessId);
        process.Kill(entireProcessTree: true);
        Assert.True(process.WaitForExit(10_000), "The receiver did not exit after being killed.");
    }

    // Returns what arrived when the count is reached or the time is up, so that a shortfall shows in the counts.
    private static async Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(LocalOtlpReceiver receiver, string serviceName, int count, TimeSpan? timeout = null)
    {
        TelemetryQuery query = new() { Resource = serviceName, Limit = 10_000 };
        try
        {
            return await receiver.WaitForSpansAsync(spans => spans.Count >= count, query, timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            return await receiver.GetSpansAsync(query);
        }
    }

    private readonly record struct Counts(int Emitted, int Delivered, int Duplicated, long Dropped, long Failed)
    {
        public static Counts Of(int emitted, IReadOnlyList<ReceivedSpan> received, ExportStatistics statistics)
        {
            int distinct = received.Select(s => s.Attributes.GetValueOrDefault("helix.entity.id")).Distinct(StringComparer.Ordinal).Count();
            return new Counts(emitted, distinct, received.Count - distinct, statistics.SpansDropped, statistics.SpansFailed);
        }

        public override string ToString() =>
            $"emitted {Emitted}, delivered {Delivered}, duplicated {Duplicated}, dropped {Dropped}, failed {Failed}";
    }
}

/// <summary>Three free loopback ports for a receiver that is started again on the same ones.</summary>
internal readonly record struct ReceiverPorts(int Ui, int Grpc, int Http)
{
    public static ReceiverPorts PickFree()
    {
        using Socket a = Bind();
        using Socket b = Bind();
        using Socket c = Bind();
        return new ReceiverPorts(Port(a), Port(b), Port(c));
    }

    private static Socket Bind()
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;
}
