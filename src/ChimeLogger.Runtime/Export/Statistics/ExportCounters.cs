namespace ChimeLogger.Export;

/// <summary>The gates of the trace and log pipelines, shared by the processors and <see cref="ChimeTracer"/>.</summary>
internal sealed class ExportCounters(int capacity)
{
    public ExportGate Spans { get; } = new(capacity);

    public ExportGate LogRecords { get; } = new(capacity);

    public ExportStatistics Snapshot() => new()
    {
        SpansEnded = Spans.Ended,
        SpansExported = Spans.Exported,
        SpansDropped = Spans.Dropped,
        SpansFailed = Spans.Failed,
        LogRecordsEnded = LogRecords.Ended,
        LogRecordsExported = LogRecords.Exported,
        LogRecordsDropped = LogRecords.Dropped,
        LogRecordsFailed = LogRecords.Failed,
        SpansStored = Spans.Stored,
        SpansEvicted = Spans.Evicted,
        SpansRecovered = Spans.Recovered,
        LogRecordsStored = LogRecords.Stored,
        LogRecordsEvicted = LogRecords.Evicted,
        LogRecordsRecovered = LogRecords.Recovered,
    };
}
