namespace ChimeLogger;

/// <summary>
/// What happened to the spans and log records of a <see cref="ChimeTracer"/> so far: how many ended (entered the
/// export queue or were refused by it), were exported, were dropped because the queue was full, or failed to export
/// after the exporter's retries. Read it from <see cref="ChimeTracer.ExportStatistics"/>.
/// </summary>
/// <remarks>
/// <c>Ended - Exported - Dropped - Failed</c> is what is still queued, being exported, waiting in memory for a retry,
/// or written to the retry directory (<see cref="SpansStored"/>) for this run or the next one to send.
/// Only OTLP export is counted; exporters added through <see cref="ChimeLoggerOptions.ConfigureTracing"/> are not.
/// </remarks>
/// <param name="SpansEnded">Spans ended and offered to the export queue.</param>
/// <param name="SpansExported">Spans the herald accepted.</param>
/// <param name="SpansDropped">Spans refused because the export queue was full.</param>
/// <param name="SpansFailed">Spans lost after ending: retry given up, refused by the herald, or evicted from the retry directory.</param>
/// <param name="LogRecordsEnded">Log records offered to the export queue.</param>
/// <param name="LogRecordsExported">Log records the collector accepted.</param>
/// <param name="LogRecordsDropped">Log records refused because the export queue was full.</param>
/// <param name="LogRecordsFailed">Log records lost after ending, as <paramref name="SpansFailed"/>.</param>
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

    /// <summary>Spans of this run in the disk retry directory, not sent yet (part of <see cref="SpansPending"/>).</summary>
    public long SpansStored { get; init; }

    /// <summary>
    /// Spans removed from the disk retry directory, oldest first, to keep it under its size limit. Those of this run
    /// are also in <see cref="SpansFailed"/>; those an earlier run stored are counted here only.
    /// </summary>
    public long SpansEvicted { get; init; }

    /// <summary>Spans an earlier run left in the disk retry directory that this run delivered (not in <see cref="SpansEnded"/>).</summary>
    public long SpansRecovered { get; init; }

    /// <summary>Log records of this run in the disk retry directory, not sent yet (part of <see cref="LogRecordsPending"/>).</summary>
    public long LogRecordsStored { get; init; }

    /// <summary>Log records removed from the disk retry directory to keep it under its size limit, as <see cref="SpansEvicted"/>.</summary>
    public long LogRecordsEvicted { get; init; }

    /// <summary>Log records an earlier run left in the disk retry directory that this run delivered.</summary>
    public long LogRecordsRecovered { get; init; }

    /// <summary>Log records ended but not yet exported, dropped or failed.</summary>
    public long LogRecordsPending => LogRecordsEnded - LogRecordsExported - LogRecordsDropped - LogRecordsFailed;
}
