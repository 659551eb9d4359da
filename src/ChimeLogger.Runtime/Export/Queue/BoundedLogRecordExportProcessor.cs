using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ChimeLogger.Export;

/// <summary>The batch processor of log records behind an <see cref="ExportGate"/>, as <see cref="BoundedActivityExportProcessor"/>.</summary>
internal sealed class BoundedLogRecordExportProcessor(
    ExportGate gate, BaseExporter<LogRecord> exporter, int scheduledDelayMilliseconds = BoundedActivityExportProcessor.DefaultScheduledDelayMilliseconds)
    : BatchLogRecordExportProcessor(
        exporter,
        gate.Capacity,
        scheduledDelayMilliseconds,
        BoundedActivityExportProcessor.DefaultExporterTimeoutMilliseconds,
        BoundedActivityExportProcessor.BatchSize(gate.Capacity))
{
    public override void OnEnd(LogRecord data)
    {
        if (gate.TryEnter())
        {
            base.OnEnd(data);
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) =>
        PipelineFlush.Through(timeoutMilliseconds, base.OnForceFlush, exporter, gate);
}
