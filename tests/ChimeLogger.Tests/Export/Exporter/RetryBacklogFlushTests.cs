using System.Net;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// The OTLP exporters' flush, shutdown and dispose include the retry backlog (docs/reliability.md): a ForceFlush reports
/// false while the backlog still holds a batch the herald has not taken, and true once it delivered it; a shutdown
/// reports false when it had to give a held batch up; disposing the exporter ends the backlog, which counts what it
/// still held as failed. Both signals' exporters are driven the same way.
/// </summary>
public sealed class RetryBacklogFlushTests
{
    private static readonly Uri s_herald = new("http://herald.example:4317/");

    public static TheoryData<string> Signals => ["traces", "logs"];

    [Theory]
    [MemberData(nameof(Signals))]
    public void A_flush_is_false_while_the_backlog_holds_a_batch_and_true_once_the_herald_took_it(string signal)
    {
        using HeldWhileDown held = new(signal, [1, 2], count: 2);

        Assert.False(held.Flush(200), "A flush reported success while the backlog still held a batch.");
        Assert.Equal((2L, 0L), (held.Gate.Inside, held.Gate.Exported));

        held.Herald.Down = false;

        Assert.True(held.Flush(60_000), "A flush did not report success once the backlog delivered its batch.");
        Assert.Equal((0L, 2L), (held.Gate.Inside, held.Gate.Exported));
        Assert.Equal([1, 2], Assert.Single(held.Herald.Accepted));
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public async Task A_flush_without_a_time_limit_waits_until_the_herald_took_the_batch(string signal)
    {
        using HeldWhileDown held = new(signal, [5, 6], count: 2);

        // Timeout.Infinite is OpenTelemetry's "no limit", not "no time at all".
        Task<bool> flushed = Task.Run(() => held.Flush(Timeout.Infinite));
        await Task.Delay(300);
        Assert.False(flushed.IsCompleted, "A flush without a time limit gave up while the backlog still held a batch.");

        held.Herald.Down = false;

        Assert.True(await flushed.WaitAsync(TimeSpan.FromSeconds(60)), "A flush without a time limit did not report the delivered batch.");
        Assert.Equal((0L, 2L), (held.Gate.Inside, held.Gate.Exported));
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void A_shutdown_is_false_when_the_backlog_had_to_give_a_held_batch_up(string signal)
    {
        using HeldWhileDown held = new(signal, [3], count: 3);

        Assert.False(held.Shutdown(200), "A shutdown reported success though the backlog gave a batch up.");
        Assert.Equal((3L, 0L), (held.Gate.Failed, held.Gate.Inside));
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void A_shutdown_is_true_when_the_backlog_is_empty(string signal)
    {
        ExportGate gate = new(10);
        using ExportBacklog backlog = Backlog(signal, gate, new Herald());
        using IDisposable exporter = Exporter(signal, gate, backlog, out _, out Func<int, bool> shutdown);
        backlog.Start();

        Assert.True(shutdown(1_000));
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void Disposing_the_exporter_ends_its_backlog_which_counts_what_it_held_as_failed(string signal)
    {
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 4);
        using ExportBacklog backlog = Backlog(signal, gate, new Herald { Down = true });
        IDisposable exporter = Exporter(signal, gate, backlog, out _, out _);
        backlog.Start();
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([4], count: 4);

        exporter.Dispose();

        Assert.Equal((4L, 0L), (gate.Failed, gate.Inside));
    }

    private static ExportBacklog Backlog(string signal, ExportGate gate, Herald herald) =>
        new(signal, s_herald, "/" + signal, gate, new WarningLog(new CapturingLogger()), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(10),
            diskRoot: null, diskLimitBytes: 1 << 20, herald);

    // The exporter of the signal over the backlog, with its flush and shutdown.
    private static IDisposable Exporter(string signal, ExportGate gate, ExportBacklog backlog, out Func<int, bool> flush, out Func<int, bool> shutdown)
    {
        OtlpExporterOptions options = new() { Endpoint = s_herald, Protocol = OtlpExportProtocol.Grpc };
        if (signal == "traces")
        {
            CountingOtlpTraceExporter traces = new(options, new ExportInProgress(gate), backlog, ordering: null, new WarningLog(new CapturingLogger()));
            flush = traces.ForceFlush;
            shutdown = traces.Shutdown;
            return traces;
        }

        CountingOtlpLogExporter logs = new(new OtlpLogExporter(options), new ExportInProgress(gate), backlog);
        flush = logs.ForceFlush;
        shutdown = logs.Shutdown;
        return logs;
    }

    /// <summary>Both ends of a signal's export while the herald is down: the exporter over a backlog holding one batch.</summary>
    private sealed class HeldWhileDown : IDisposable
    {
        private readonly ExportBacklog _backlog;
        private readonly IDisposable _exporter;

        public HeldWhileDown(string signal, byte[] body, int count)
        {
            Gate = ExportGates.Offered(capacity: 10, items: count);
            _backlog = Backlog(signal, Gate, Herald);
            _exporter = Exporter(signal, Gate, _backlog, out Func<int, bool> flush, out Func<int, bool> shutdown);
            Flush = flush;
            Shutdown = shutdown;
            _backlog.Start();
            _backlog.MarkDown("HttpRequestException: Connection refused");
            _backlog.Park(body, count);
        }

        public Herald Herald { get; } = new() { Down = true };

        public ExportGate Gate { get; }

        public Func<int, bool> Flush { get; }

        public Func<int, bool> Shutdown { get; }

        public void Dispose()
        {
            _exporter.Dispose();
            _backlog.Dispose();
        }
    }

    /// <summary>A herald that is down (connection refused) while asked to be, and otherwise accepts.</summary>
    private sealed class Herald : HttpMessageHandler
    {
        private readonly List<byte[]> _accepted = [];
        private volatile bool _down;

        public bool Down { get => _down; set => _down = value; }

        public List<byte[]> Accepted { get { lock (_accepted) { return [.. _accepted]; } } }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            byte[] body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            if (_down)
            {
                throw new HttpRequestException("Connection refused");
            }

            lock (_accepted)
            {
                _accepted.Add(body);
            }

            HttpResponseMessage response = new(HttpStatusCode.OK);
            response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
            return response;
        }
    }
}
