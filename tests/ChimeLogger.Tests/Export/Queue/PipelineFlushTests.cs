using System.Diagnostics;
using ChimeLogger.Export;
using OpenTelemetry;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// How a pipeline's flush decides that it is done (docs/reliability.md): every item that had entered the export queue
/// when the flush began has left it (exported, failed or stored), within the flush's limit, and the queue's drain and the
/// exporter's own flush both succeeded. Items dropped at a full queue are not waited for.
/// </summary>
public sealed class PipelineFlushTests
{
    [Theory]
    [InlineData(10_000)]
    [InlineData(-1)] // no limit
    public async Task A_flush_returns_once_every_admitted_item_has_left_the_queue_and_reports_success(int timeoutMilliseconds)
    {
        ExportGate gate = ExportGates.Offered(capacity: 3, items: 5); // 3 inside, 2 dropped
        Task leaving = LeaveLater(gate, 3);

        bool flushed = PipelineFlush.Through(timeoutMilliseconds, _ => true, new FlushingExporter(true), gate);

        Assert.True(flushed);
        Assert.Equal(0, gate.Inside); // it waited for the export in flight; the two dropped items were not waited for
        await leaving;
    }

    [Fact]
    public async Task A_flush_without_time_to_wait_reports_failure_while_items_are_still_being_exported()
    {
        ExportGate gate = ExportGates.Offered(capacity: 3, items: 3);
        Task leaving = LeaveLater(gate, 3);

        bool flushed = PipelineFlush.Through(0, _ => true, new FlushingExporter(true), gate);

        Assert.False(flushed);
        Assert.Equal(3, gate.Inside);
        await leaving;
    }

    [Fact]
    public void A_flush_that_runs_out_of_time_reports_failure()
    {
        ExportGate gate = ExportGates.Offered(capacity: 3, items: 2); // nothing ever leaves

        Assert.False(PipelineFlush.Through(200, _ => true, new FlushingExporter(true), gate));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void A_flush_fails_when_the_queue_could_not_be_drained_or_the_exporter_could_not_flush(bool drained, bool exporterFlushed)
    {
        ExportGate gate = ExportGates.Offered(capacity: 3, items: 0);

        Assert.False(PipelineFlush.Through(1_000, _ => drained, new FlushingExporter(exporterFlushed), gate));
    }

    [Fact]
    public void A_flush_with_nothing_in_the_queue_succeeds()
    {
        ExportGate gate = ExportGates.Offered(capacity: 3, items: 4);
        gate.Leave(3, exported: false); // failed batches have left too

        Assert.True(PipelineFlush.Through(1_000, _ => true, new FlushingExporter(true), gate));
    }

    // The batch in flight comes back from the herald a little later, on another thread.
    private static Task LeaveLater(ExportGate gate, int count) => Task.Run(async () =>
    {
        await Task.Delay(300);
        gate.Leave(count, exported: true);
    });

    private sealed class FlushingExporter(bool flushResult) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;

        protected override bool OnForceFlush(int timeoutMilliseconds) => flushResult;
    }
}
