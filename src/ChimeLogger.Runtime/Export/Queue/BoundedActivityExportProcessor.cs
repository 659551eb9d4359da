using System.Diagnostics;
using OpenTelemetry;

namespace ChimeLogger.Export;

/// <summary>
/// The batch processor of spans behind an <see cref="ExportGate"/>: a span that finds the gate full is dropped and
/// counted at once instead of waiting. Added to the tracer provider itself, so the exporter still learns its
/// provider (and the resource) from it. It exports at the interval it is given
/// (<see cref="ChimeLoggerOptions.ExportInterval"/>), or sooner when a batch is full. With ordered delivery, a create
/// span it will not export is forgotten by <see cref="OpenCreations"/>, so that nothing waits for it.
/// </summary>
internal sealed class BoundedActivityExportProcessor(
    ExportGate gate,
    BaseExporter<Activity> exporter,
    OpenCreations? openCreations = null,
    int scheduledDelayMilliseconds = BoundedActivityExportProcessor.DefaultScheduledDelayMilliseconds)
    : BatchActivityExportProcessor(exporter, gate.Capacity, scheduledDelayMilliseconds, DefaultExporterTimeoutMilliseconds, BatchSize(gate.Capacity))
{
    internal const int DefaultScheduledDelayMilliseconds = 5000;
    internal const int DefaultExporterTimeoutMilliseconds = 30000;

    public override void OnEnd(Activity data)
    {
        if (data.Recorded && gate.TryEnter())
        {
            base.OnEnd(data);
        }
        else
        {
            // Not exported: nothing is to wait for it.
            openCreations?.Forget(data);
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) =>
        PipelineFlush.Through(timeoutMilliseconds, base.OnForceFlush, exporter, gate);

    internal static int BatchSize(int capacity) => Math.Min(512, capacity);
}
