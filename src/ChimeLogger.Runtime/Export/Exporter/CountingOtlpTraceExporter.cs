using System.Diagnostics;
using OpenTelemetry;
using ChimeLogger.Diagnostics;
using OpenTelemetry.Exporter;

namespace ChimeLogger.Export;

/// <summary>
/// The OTLP trace exporter, counting each batch at the gate as exported or failed, unless the retry backlog took it
/// (then the backlog counts it). Flush and shutdown include the backlog. With ordered delivery
/// (<see cref="OrderedDelivery"/>), each batch leaves as up to two requests, creations first.
/// </summary>
internal sealed class CountingOtlpTraceExporter : OtlpTraceExporter
{
    private readonly ExportInProgress _exports;
    private readonly ExportBacklog? _backlog;
    private readonly OrderedDelivery? _ordering;

    /// <param name="options">The OTLP exporter's options (their HTTP client goes through the backlog's handler, with <paramref name="exports"/>).</param>
    /// <param name="exports">The export in progress, shared with the handler under the exporter; counts what leaves.</param>
    /// <param name="backlog">The retry backlog, which also sends what waits for creations; <see langword="null"/> without retry or ordering.</param>
    /// <param name="ordering">Open creations and creation deliveries, for ordered delivery; <see langword="null"/> to send batches as they come.</param>
    /// <param name="warnings">Where the ordering's warning goes.</param>
    public CountingOtlpTraceExporter(
        OtlpExporterOptions options, ExportInProgress exports, ExportBacklog? backlog,
        (OpenCreations Open, CreationDeliveries Deliveries)? ordering, WarningLog warnings)
        : base(options)
    {
        _exports = exports;
        _backlog = backlog;
        if (ordering is { } parts)
        {
            _ordering = new OrderedDelivery(parts.Open, parts.Deliveries, ExportPart, warnings);
        }
    }

    public override ExportResult Export(in Batch<Activity> batch) =>
        _ordering?.Export(batch) ?? (ExportCounted(batch, DeliveryTag.Plain).Succeeded ? ExportResult.Success : ExportResult.Failure);

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        // What waits for a creation still open has ended: a flush delivers it now, within the flush's limit.
        long started = Stopwatch.GetTimestamp();
        bool sent = _ordering?.SendHeld(timeoutMilliseconds) ?? true;
        int left = Left(timeoutMilliseconds, started);
        return sent & base.OnForceFlush(left) & (_backlog?.Flush(left) ?? true);
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        long started = Stopwatch.GetTimestamp();
        _ordering?.SendHeld(timeoutMilliseconds);
        timeoutMilliseconds = Left(timeoutMilliseconds, started);

        // A shutdown's answer is not read: the tracer reports what was lost from the export statistics.
        // Stryker disable once Boolean : the answer without a backlog is not read.
        bool clean = _backlog?.Shutdown(timeoutMilliseconds) ?? true;
        // Stryker disable once Logical : the answer is not read.
        return base.OnShutdown(timeoutMilliseconds) && clean;
    }

    protected override void Dispose(bool disposing)
    {
        // Stryker disable all : nothing reads the exporter or the retry backlog after the pipeline has been disposed.
        if (disposing)
        {
            _ordering?.Dispose();
            _backlog?.Dispose();
        }

        base.Dispose(disposing);
        // Stryker restore all
    }

    private static int Left(int timeoutMilliseconds, long started) => timeoutMilliseconds < 0
        ? timeoutMilliseconds
        : (int)Math.Max(0, timeoutMilliseconds - (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private ExportAttempt ExportPart(Activity[] spans, DeliveryTag tag) => ExportCounted(new Batch<Activity>(spans, spans.Length), tag);

    private ExportAttempt ExportCounted(in Batch<Activity> batch, DeliveryTag tag)
    {
        ExportResult result = ExportResult.Failure;
        ExportAttempt attempt = _exports.Begin((int)batch.Count, tag);
        try
        {
            result = base.Export(batch);
        }
        finally
        {
            _exports.End(attempt, result);
        }

        return attempt;
    }
}
