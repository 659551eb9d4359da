using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// With ordered delivery, an operation whose entity's create span is still open is held by the trace exporter
/// (docs/reliability.md, "Delivery order"). A shutdown that comes first sends it then rather than losing it; a flush
/// that cannot send it within its time (an export in progress holds the ordering) reports false.
/// </summary>
public sealed class HeldOperationTests
{
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void A_shutdown_sends_an_operation_held_for_its_open_create()
    {
        (OpenCreations open, Activity create, Activity operation) = OperationHeldForOpenCreate("blk-5");
        using (create)
        using (operation)
        {
            ExportGate gate = ExportGates.Offered(capacity: 10, items: 1);

            // Nothing listens there: the send is refused at once and counted as failed, which shows it was made.
            OtlpExporterOptions options = new() { Endpoint = new Uri($"http://127.0.0.1:{Ports.Closed()}"), Protocol = OtlpExportProtocol.Grpc };
            using CountingOtlpTraceExporter exporter = new(
                options, new ExportInProgress(gate), backlog: null, (open, new CreationDeliveries(s_pause)), new WarningLog(new CapturingLogger()));

            Assert.Equal(ExportResult.Success, exporter.Export(new Batch<Activity>([operation], 1)));
            Assert.Equal(1L, gate.Inside); // held for its create

            exporter.Shutdown(10_000);

            Assert.Equal((0L, 1L), (gate.Inside, gate.Failed + gate.Exported));
        }
    }

    [Fact]
    public async Task A_flush_is_false_when_the_held_operation_cannot_be_sent_within_its_time()
    {
        (OpenCreations open, Activity create, Activity operation) = OperationHeldForOpenCreate("blk-6");
        using (create)
        using (operation)
        {
            ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
            (CountingOtlpTraceExporter exporter, Socket silent, Task export) = await HeldBehindAnExportInProgress(open, operation, gate);
            using CountingOtlpTraceExporter owned = exporter;

            // The export in progress holds the ordering: the held operation cannot be sent within the flush's time.
            bool flushed = exporter.ForceFlush(200);
            silent.Dispose();
            await export.WaitAsync(TimeSpan.FromSeconds(30)); // the socket closed: the export ends

            Assert.False(flushed, "A flush reported success though the held operation could not be sent in time.");
            Assert.Equal(1L, gate.Inside); // the held operation, still waiting for its create
        }
    }

    [Fact]
    public async Task A_flush_without_a_time_limit_waits_for_the_export_in_progress_then_sends_the_held_operation()
    {
        (OpenCreations open, Activity create, Activity operation) = OperationHeldForOpenCreate("blk-7");
        using (create)
        using (operation)
        {
            ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
            (CountingOtlpTraceExporter exporter, Socket silent, Task export) = await HeldBehindAnExportInProgress(open, operation, gate);
            using CountingOtlpTraceExporter owned = exporter;

            // Timeout.Infinite is OpenTelemetry's "no limit": the flush waits for the export in progress to end.
            Task<bool> flushed = Task.Run(() => exporter.ForceFlush(Timeout.Infinite));
            await Task.Delay(300);
            Assert.False(flushed.IsCompleted, "A flush without a time limit gave up while an export held the ordering.");

            silent.Dispose(); // the export in progress ends; the held operation is sent (and refused: nothing listens now)
            await export.WaitAsync(TimeSpan.FromSeconds(30));
            await flushed.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(0L, gate.Inside); // the held operation went out, though its create is still open
        }
    }

    // The operation held by the trace exporter for its open create, and then a second export in progress to a listening
    // socket nobody accepts from: that export holds the ordering until the socket is closed.
    private static async Task<(CountingOtlpTraceExporter Exporter, Socket Silent, Task Export)> HeldBehindAnExportInProgress(
        OpenCreations open, Activity operation, ExportGate gate)
    {
        ExportInProgress exports = new(gate);
        Socket silent = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(16);
        OtlpExporterOptions options = new() { Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndPoint!).Port}"), Protocol = OtlpExportProtocol.Grpc };
        CountingOtlpTraceExporter exporter = new(
            options, exports, backlog: null, (open, new CreationDeliveries(s_pause)), new WarningLog(new CapturingLogger()));
        Assert.Equal(ExportResult.Success, exporter.Export(new Batch<Activity>([operation], 1)));

        Activity other = new Activity("child").Start();
        other.Stop();
        Task export = Task.Run(() => exporter.Export(new Batch<Activity>([other], 1)));
        DateTime until = DateTime.UtcNow.AddSeconds(30);
        while (exports.Current is null)
        {
            Assert.True(DateTime.UtcNow < until, "The second export did not start.");
            await Task.Delay(10);
        }

        return (exporter, silent, export);
    }

    // A create span still open and an ended operation on its entity, with the record of open creates that holds it back.
    private static (OpenCreations Open, Activity Create, Activity Operation) OperationHeldForOpenCreate(string entity)
    {
        OpenCreations open = new(TimeSpan.FromMinutes(1));
        Activity create = new Activity("ingest").SetTag(HelixAttributes.EntityId, entity).Start();
        open.Started(create);
        Activity operation = new Activity("register").SetTag(HelixAttributes.EntityId, entity).SetTag(HelixAttributes.IsOperation, "true").Start();
        operation.Stop();
        return (open, create, operation);
    }
}
