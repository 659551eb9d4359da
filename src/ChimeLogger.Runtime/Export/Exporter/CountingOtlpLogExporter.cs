using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace ChimeLogger.Export;

/// <summary>
/// The OTLP log exporter (a sealed type), counting each batch at the gate as <see cref="CountingOtlpTraceExporter"/>
/// does. It hands its provider on to the OTLP exporter, which reads the resource (<c>service.name</c>, the helix
/// attributes) from it.
/// </summary>
internal sealed class CountingOtlpLogExporter(OtlpLogExporter inner, ExportInProgress exports, ExportBacklog? backlog) : BaseExporter<LogRecord>
{
    private int _parentSet;

    public override ExportResult Export(in Batch<LogRecord> batch)
    {
        ExportResult result = ExportResult.Failure;
        ExportAttempt attempt = exports.Begin((int)batch.Count);
        try
        {
            if (_parentSet == 0 && ParentProvider is { } provider)
            {
                // The processor sets the provider only on the exporter it holds (this one).
                OpenTelemetryWorkarounds.GiveParentProvider(inner, provider);
                _parentSet = 1;
            }

            result = inner.Export(batch);
            return result;
        }
        finally
        {
            exports.End(attempt, result);
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) =>
        inner.ForceFlush(timeoutMilliseconds) & (backlog?.Flush(timeoutMilliseconds) ?? true);

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        // A shutdown's answer is not read: the tracer reports what was lost from the export statistics.
        // Stryker disable once Boolean : the answer without a backlog is not read.
        bool clean = backlog?.Shutdown(timeoutMilliseconds) ?? true;
        // Stryker disable once Logical : the answer is not read.
        return inner.Shutdown(timeoutMilliseconds) && clean;
    }

    protected override void Dispose(bool disposing)
    {
        // Stryker disable all : nothing reads the exporter or the retry backlog after the pipeline has been disposed.
        if (disposing)
        {
            backlog?.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
        // Stryker restore all
    }
}
