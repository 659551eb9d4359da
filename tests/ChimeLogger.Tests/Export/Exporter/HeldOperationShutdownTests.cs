using System.Diagnostics;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// With ordered delivery, an operation whose entity's create span is still open is held by the trace exporter
/// (docs/reliability.md, "Delivery order"); a shutdown that comes first sends it then rather than losing it.
/// </summary>
public sealed class HeldOperationShutdownTests
{
    [Fact]
    public void A_shutdown_sends_an_operation_held_for_its_open_create()
    {
        OpenCreations open = new(TimeSpan.FromMinutes(1));
        using Activity create = new Activity("ingest").SetTag(HelixAttributes.EntityId, "blk-5").Start();
        open.Started(create);
        using Activity operation = new Activity("register")
            .SetTag(HelixAttributes.EntityId, "blk-5")
            .SetTag(HelixAttributes.IsOperation, "true")
            .Start();
        operation.Stop();
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 1);

        // Nothing listens there: the send is refused at once and counted as failed, which shows it was made.
        OtlpExporterOptions options = new() { Endpoint = new Uri($"http://127.0.0.1:{Ports.Closed()}"), Protocol = OtlpExportProtocol.Grpc };
        using CountingOtlpTraceExporter exporter = new(
            options, new ExportInProgress(gate), backlog: null, (open, new CreationDeliveries(TimeSpan.FromMilliseconds(300))),
            new WarningLog(new CapturingLogger()));

        Assert.Equal(ExportResult.Success, exporter.Export(new Batch<Activity>([operation], 1)));
        Assert.Equal(1L, gate.Inside); // held for its create

        exporter.Shutdown(10_000);

        Assert.Equal((0L, 1L), (gate.Inside, gate.Failed + gate.Exported));
    }
}
