using System.Diagnostics;
using System.Globalization;
using ChimeLogger.Configuration;
using ChimeLogger.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ChimeLogger.IntegrationTests.Export;

/// <summary>
/// Ordered delivery against the herald's own write rules, concurrently: tools/ChimeLogger.CountingReceiver in its own
/// process with <c>--herald-writes</c> answers each export at once and then writes every span of it as the herald does
/// (each on its own after a random delay, entities without a unique key, a parentless creation skipped after a
/// placeholder). Parentless entities (the roots of the provenance graph, as raw data blocks are) are created and
/// operated on within one export interval, half of them operated on inside their own create (the operate ends
/// first), as in the pipelines; every creation must be kept and no stray row written. Without ordered delivery the
/// same telemetry loses creations, as the herald did.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HeraldWriteOrderTests(ITestOutputHelper output) : TelemetryTest
{
    private const int Entities = 1000;
    private const int Runs = 20;

    // Ten times what the receiver takes to write a batch here (its writes wait up to 20 ms each): the margin the
    // default of one second gives over a healthy herald, at half the test time.
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(500);
    private readonly List<CountingReceiverProcess> _receivers = [];

    protected override void DisposeStarted()
    {
        foreach (CountingReceiverProcess receiver in _receivers)
        {
            receiver.Dispose();
        }
    }

    [Fact]
    public async Task Every_creation_of_1000_parentless_entities_operated_on_within_one_export_is_kept_with_no_stray_row_over_20_runs()
    {
        string record = Folder.PathOf("herald.txt");
        CountingReceiverProcess receiver = await StartAsync(ReceiverPorts.PickFree().Grpc, record);
        Stopwatch total = Stopwatch.StartNew();
        List<string[]> runs = [];
        for (int run = 1; run <= Runs; run++)
        {
            Stopwatch one = Stopwatch.StartNew();
            using ChimeTracer tracer = Setup(receiver, s_pause, ExportRetryMode.Memory);
            string[] ids = Emit(tracer, $"r{run:D2}");
            Assert.True(tracer.Flush(TimeSpan.FromSeconds(30)), $"Run {run} was not delivered within 30 s.");
            ExportStatistics statistics = tracer.ExportStatistics;
            Assert.Equal((2L * Entities, 2L * Entities, 0L, 0L), (statistics.SpansEnded, statistics.SpansExported, statistics.SpansDropped, statistics.SpansFailed));
            runs.Add(ids);
            output.WriteLine($"run {run}: emitted and delivered in {one.ElapsedMilliseconds} ms");
        }

        HeraldRows rows = await HeraldRows.WhenWrittenAsync(record, Runs * 2 * Entities, TimeSpan.FromSeconds(60));
        output.WriteLine($"{Runs} runs of {Entities} entities in {total.Elapsed.TotalSeconds:F1} s; the receiver wrote each export within {rows.WriteMilliseconds.Max()} ms");
        Report(rows, "ordered");
        Assert.Equal(rows.SpansReceived, rows.SpansWritten);
        for (int run = 0; run < Runs; run++)
        {
            (int lost, int stray, int missing) = rows.Outcome(runs[run]);
            Assert.True((lost, stray, missing) == (0, 0, 0),
                $"Run {run + 1}: {lost} creations lost, {stray} stray rows, {missing} entities without their operation.");
            Assert.All(runs[run], id => Assert.Equal(0, rows.SkippedCreations(id)));
        }

        // What the order costs: each operation reaches the herald the pause after its entity's creation, and not much later.
        List<long> delays = runs.SelectMany(ids => ids).Select(rows.OperationAfterCreation).Order().ToList();
        output.WriteLine($"each operation after its creation: min {delays[0]} ms, median {delays[delays.Count / 2]} ms, max {delays[^1]} ms (pause {s_pause.TotalMilliseconds:F0} ms)");
        Assert.All(delays, delay => Assert.InRange(delay, (long)s_pause.TotalMilliseconds - 5, (long)s_pause.TotalMilliseconds + 10_000));
    }

    [Fact]
    public async Task Without_ordered_delivery_the_herald_loses_parentless_creations_and_keeps_stray_placeholders()
    {
        string record = Folder.PathOf("herald.txt");
        CountingReceiverProcess receiver = await StartAsync(ReceiverPorts.PickFree().Grpc, record);
        string[] ids;
        using (ChimeTracer tracer = Setup(receiver, TimeSpan.Zero, ExportRetryMode.Memory))
        {
            ids = Emit(tracer, "off");
            Assert.True(tracer.Flush(TimeSpan.FromSeconds(30)));
        }

        HeraldRows rows = await HeraldRows.WhenWrittenAsync(record, 2 * Entities, TimeSpan.FromSeconds(60));
        (int lost, int stray, int missing) = rows.Outcome(ids);
        output.WriteLine($"ordered delivery off: {lost} of {Entities} creations lost, {stray} stray rows, {missing} operations missing");
        Report(rows, "off");
        Assert.Equal(0, missing);
        Assert.True(lost > 0, "Sent as they come, operations written before their creation should have cost parentless creations.");
        Assert.True(stray > 0, "Sent as they come, operations written before their creation should have left placeholder rows.");
        Assert.Single(rows.Exports.Select(e => e.At).Distinct().Take(1)); // read back at all
        Assert.All(rows.Exports, export => Assert.True(export.Creations > 0 && export.Operations > 0, "Without ordering, each batch leaves as it is."));
    }

    [Theory]
    [InlineData(ExportRetryMode.Memory)]
    [InlineData(ExportRetryMode.Disk)]
    public async Task The_order_holds_across_an_outage_and_a_retry(ExportRetryMode retry)
    {
        string record = Folder.PathOf("herald.txt");
        int port = ReceiverPorts.PickFree().Grpc;
        CountingReceiverProcess receiver = await StartAsync(port, record);
        using ChimeTracer tracer = Setup(receiver, s_pause, retry);

        string[] before = Emit(tracer, "before", count: 200);
        Assert.True(tracer.Flush(TimeSpan.FromSeconds(30)));
        await HeraldRows.WhenWrittenAsync(record, 400, TimeSpan.FromSeconds(30));
        receiver.Kill();

        // Into the outage: with disk retry the window (1 s) passes and the batches, creations and operations, are
        // written to disk; with memory retry they wait in memory.
        string[] during = Emit(tracer, "during", count: 300);
        Assert.False(tracer.Flush(TimeSpan.FromSeconds(2)), "Nothing can be delivered while the receiver is down.");
        if (retry == ExportRetryMode.Disk)
        {
            Assert.True(SpinWait.SpinUntil(() => tracer.ExportStatistics.SpansStored >= 600, TimeSpan.FromSeconds(30)), "The batches were not written to disk.");
        }

        string[] stored = retry == ExportRetryMode.Disk
            ? Directory.GetFiles(Folder.PathOf("retry"), "*.batch", SearchOption.AllDirectories).Select(file => Path.GetFileName(file)).ToArray()
            : [];
        _receivers.Add(await CountingReceiverProcess.StartAsync(port, record, "--herald-writes"));

        Assert.True(tracer.Flush(TimeSpan.FromSeconds(60)), "The backlog was not delivered within 60 s of the receiver's return.");
        ExportStatistics statistics = tracer.ExportStatistics;
        HeraldRows rows = await HeraldRows.WhenWrittenAsync(record, 1000, TimeSpan.FromSeconds(30));
        output.WriteLine($"{retry}: {statistics}; stored batch files during the outage: {string.Join(", ", stored)}");
        Assert.Equal((1000L, 0L, 0L), (statistics.SpansExported, statistics.SpansFailed, statistics.SpansDropped));
        Assert.Equal((0, 0, 0), rows.Outcome(before));
        Assert.Equal((0, 0, 0), rows.Outcome(during));
        if (retry == ExportRetryMode.Disk)
        {
            Assert.Contains(stored, name => name.Contains("-c.", StringComparison.Ordinal));
            Assert.Contains(stored, name => name.Contains("-d.", StringComparison.Ordinal));
        }
    }

    // Half the entities are created, then operated on; the other half are operated on inside their own create span,
    // so the operate ends first. All of it ends within one export interval.
    private static string[] Emit(ChimeTracer tracer, string prefix, int count = Entities)
    {
        string[] ids = Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}-blk-{i:D4}")).ToArray();
        for (int i = 0; i < count; i++)
        {
            if (i % 2 == 0)
            {
                tracer.Create("ingest", ids[i], "raw_data").Complete();
                tracer.Operate("register", ids[i], "raw_data").Complete();
            }
            else
            {
                using HelixToken create = tracer.Create("ingest", ids[i], "raw_data");
                tracer.Operate("register", ids[i], "raw_data").Complete();
            }
        }

        return ids;
    }

    private void Report(HeraldRows rows, string mode)
    {
        List<double> ages = rows.Exports.Where(e => e.Operations > 0).Select(e => e.OldestOperationMilliseconds).Order().ToList();
        if (ages.Count > 0)
        {
            output.WriteLine($"{mode}: {rows.Exports.Count} exports; oldest operation at arrival, per export: median {ages[ages.Count / 2]:F0} ms, max {ages[^1]:F0} ms");
        }
    }

    private async Task<CountingReceiverProcess> StartAsync(int port, string record)
    {
        CountingReceiverProcess receiver = await CountingReceiverProcess.StartAsync(port, record, "--herald-writes");
        _receivers.Add(receiver);
        return receiver;
    }

    private ChimeTracer Setup(CountingReceiverProcess receiver, TimeSpan pause, ExportRetryMode retry) =>
        ChimeTelemetry.Setup(TestSetup.UniquePipeline("order"), options =>
        {
            TestSetup.Isolate(options, Folder, receiver.Endpoint, receiver.Endpoint);
            options.FileLogEnabled = false;
            options.WarningsToStandardError = false;
            options.ExportCreationPause = pause;
            options.ExportRetry = retry;
            if (retry == ExportRetryMode.Disk)
            {
                options.ExportRetryPath = Folder.PathOf("retry");
                options.ExportRetryWindow = TimeSpan.FromSeconds(1);
            }
        });
}
