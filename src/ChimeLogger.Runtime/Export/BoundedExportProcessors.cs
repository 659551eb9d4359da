using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

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

/// <summary>
/// The flush of a bounded pipeline. OpenTelemetry's batch processor drains its queue into the exporter but does not
/// flush the exporter, under which the retry backlog may still hold batches; and it reports its queue empty once its
/// export thread has taken the last batch, before that export is done. A flush is complete when every item that had
/// entered the gate when it began has come out: exported, failed, or (disk retry) stored. Items that end during the
/// flush are not waited for, so that a busy pipeline's flush still ends.
/// </summary>
internal static class PipelineFlush
{
    public static bool Through<T>(int timeoutMilliseconds, Func<int, bool> drainQueue, BaseExporter<T> exporter, ExportGate gate)
        where T : class
    {
        long started = Stopwatch.GetTimestamp();
        int limit = timeoutMilliseconds < 0 ? int.MaxValue : timeoutMilliseconds;
        int Left() => (int)Math.Max(0, limit - (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        long admitted = gate.Ended - gate.Dropped;

        bool drained = drainQueue(timeoutMilliseconds);
        bool flushed = exporter.ForceFlush(Left());
        while (gate.Ended - gate.Dropped - gate.Inside < admitted)
        {
            if (Left() == 0)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return drained && flushed;
    }
}

/// <summary>
/// The OTLP trace exporter, counting each batch at the gate as exported or failed, unless the retry backlog took it
/// (then the backlog counts it). Flush and shutdown include the backlog. With ordered delivery
/// (<see cref="OrderedDelivery"/>), each batch leaves as up to two requests, creations first.
/// </summary>
internal sealed class CountingOtlpTraceExporter : OtlpTraceExporter
{
    private readonly ExportGate _gate;
    private readonly ExportBacklog? _backlog;
    private readonly OrderedDelivery? _ordering;

    /// <param name="options">The OTLP exporter's options.</param>
    /// <param name="gate">Counts what leaves.</param>
    /// <param name="backlog">The retry backlog, which also sends what waits for creations; <see langword="null"/> without retry or ordering.</param>
    /// <param name="ordering">Open creations and creation deliveries, for ordered delivery; <see langword="null"/> to send batches as they come.</param>
    /// <param name="log">Where the ordering's warning goes.</param>
    public CountingOtlpTraceExporter(
        OtlpExporterOptions options, ExportGate gate, ExportBacklog? backlog,
        (OpenCreations Open, CreationDeliveries Deliveries)? ordering = null, ExportLogSink? log = null)
        : base(options)
    {
        _gate = gate;
        _backlog = backlog;
        if (ordering is { } parts)
        {
            _ordering = new OrderedDelivery(parts.Open, parts.Deliveries, ExportPart, log ?? new ExportLogSink());
        }
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        if (_ordering is not null)
        {
            return _ordering.Export(batch);
        }

        ExportAttempt attempt = ExportCounted(batch, DeliveryTag.Plain);
        return attempt.Succeeded ? ExportResult.Success : ExportResult.Failure;
    }

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

        // A shutdown's answer is not read: ChimeTracer reports what was lost from the export statistics.
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
        ExportAttempt attempt = ExportAttempt.Begin((int)batch.Count, tag);
        try
        {
            result = base.Export(batch);
        }
        finally
        {
            // Stryker disable once Statement : the next export on this thread begins an attempt of its own.
            ExportAttempt.End();
            attempt.Succeeded = result == ExportResult.Success;
            if (!attempt.Parked)
            {
                _gate.Leave(batch.Count, attempt.Succeeded);
            }
        }

        return attempt;
    }
}

/// <summary>
/// The OTLP log exporter (a sealed type), counting each batch at the gate as <see cref="CountingOtlpTraceExporter"/>
/// does. It hands its provider on to the OTLP exporter, which reads the resource (<c>service.name</c>, the helix
/// attributes) from it.
/// </summary>
internal sealed class CountingOtlpLogExporter(OtlpLogExporter inner, ExportGate gate, ExportBacklog? backlog) : BaseExporter<LogRecord>
{
    private int _parentSet;

    public override ExportResult Export(in Batch<LogRecord> batch)
    {
        ExportResult result = ExportResult.Failure;
        ExportAttempt attempt = ExportAttempt.Begin((int)batch.Count);
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
            // Stryker disable once Statement : the next export on this thread begins an attempt of its own.
            ExportAttempt.End();
            if (!attempt.Parked)
            {
                gate.Leave(batch.Count, result == ExportResult.Success);
            }
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) =>
        inner.ForceFlush(timeoutMilliseconds) & (backlog?.Flush(timeoutMilliseconds) ?? true);

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        // A shutdown's answer is not read: ChimeTracer reports what was lost from the export statistics.
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
