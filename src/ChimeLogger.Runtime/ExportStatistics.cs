namespace ChimeLogger;

/// <summary>
/// What happened to the spans and log records of a <see cref="ChimeTracer"/> so far: how many ended (entered the
/// export queue or were refused by it), were exported, were dropped because the queue was full, or failed to export
/// after the exporter's retries. Read it from <see cref="ChimeTracer.ExportStatistics"/>.
/// </summary>
/// <remarks>
/// <c>Ended - Exported - Dropped - Failed</c> is what is still queued or being exported. With disk retry, a batch the
/// herald did not take is written to the retry directory and counted as exported: the next run delivers it.
/// Only OTLP export is counted; exporters added through <see cref="ChimeLoggerOptions.ConfigureTracing"/> are not.
/// </remarks>
/// <param name="SpansEnded">Spans ended and offered to the export queue.</param>
/// <param name="SpansExported">Spans the herald accepted (or, with disk retry, that were stored for a later run).</param>
/// <param name="SpansDropped">Spans refused because the export queue was full.</param>
/// <param name="SpansFailed">Spans whose export failed after the exporter's retries.</param>
/// <param name="LogRecordsEnded">Log records offered to the export queue.</param>
/// <param name="LogRecordsExported">Log records the collector accepted (or that were stored for a later run).</param>
/// <param name="LogRecordsDropped">Log records refused because the export queue was full.</param>
/// <param name="LogRecordsFailed">Log records whose export failed after the exporter's retries.</param>
public sealed record ExportStatistics(
    long SpansEnded,
    long SpansExported,
    long SpansDropped,
    long SpansFailed,
    long LogRecordsEnded,
    long LogRecordsExported,
    long LogRecordsDropped,
    long LogRecordsFailed)
{
    /// <summary>Spans ended but not yet exported, dropped or failed.</summary>
    public long SpansPending => SpansEnded - SpansExported - SpansDropped - SpansFailed;

    /// <summary>Log records ended but not yet exported, dropped or failed.</summary>
    public long LogRecordsPending => LogRecordsEnded - LogRecordsExported - LogRecordsDropped - LogRecordsFailed;
}
