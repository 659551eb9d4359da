using ChimeLogger.Export;

namespace ChimeLogger;

/// <summary>
/// What happened to the spans and log records of a <see cref="ChimeTracer"/> so far: how many ended (entered the
/// export queue or were refused by it), were exported, were dropped because the queue was full, or were lost after
/// ChimeLogger's retry. Read it from <see cref="ChimeTracer.ExportStatistics"/>.
/// </summary>
/// <remarks>
/// <para><c>Ended - Exported - Dropped - Failed</c> is what is still queued, being exported, waiting in memory for a retry,
/// or written to the retry directory (<see cref="SpansStored"/>) for this run or the next one to send.
/// Only OTLP export is counted; exporters added through <see cref="ChimeLoggerOptions.ConfigureTracing"/> are not.</para>
/// <para>A snapshot: its values do not change once read. Counters are named properties, so that a later version can add
/// one without breaking code that reads or builds a snapshot; two snapshots are equal when every counter is.</para>
/// </remarks>
public sealed class ExportStatistics : IEquatable<ExportStatistics>
{
    /// <summary>Spans ended and offered to the export queue.</summary>
    public long SpansEnded { get; init; }

    /// <summary>Spans the herald accepted.</summary>
    public long SpansExported { get; init; }

    /// <summary>Spans refused because the export queue was full.</summary>
    public long SpansDropped { get; init; }

    /// <summary>Spans lost after ending: retry given up, refused by the herald, or evicted from the retry directory.</summary>
    public long SpansFailed { get; init; }

    /// <summary>Spans ended but not yet exported, dropped or failed.</summary>
    public long SpansPending => Spans.Pending;

    /// <summary>Spans of this run in the disk retry directory, not sent yet (part of <see cref="SpansPending"/>).</summary>
    public long SpansStored { get; init; }

    /// <summary>
    /// Spans removed from the disk retry directory, oldest first, to keep it under its size limit. Those of this run
    /// are also in <see cref="SpansFailed"/>; those an earlier run stored are counted here only.
    /// </summary>
    public long SpansEvicted { get; init; }

    /// <summary>Spans an earlier run left in the disk retry directory that this run delivered (not in <see cref="SpansEnded"/>).</summary>
    public long SpansRecovered { get; init; }

    /// <summary>Log records offered to the export queue.</summary>
    public long LogRecordsEnded { get; init; }

    /// <summary>Log records the collector accepted.</summary>
    public long LogRecordsExported { get; init; }

    /// <summary>Log records refused because the export queue was full.</summary>
    public long LogRecordsDropped { get; init; }

    /// <summary>Log records lost after ending, as <see cref="SpansFailed"/>.</summary>
    public long LogRecordsFailed { get; init; }

    /// <summary>Log records ended but not yet exported, dropped or failed.</summary>
    public long LogRecordsPending => LogRecords.Pending;

    /// <summary>Log records of this run in the disk retry directory, not sent yet (part of <see cref="LogRecordsPending"/>).</summary>
    public long LogRecordsStored { get; init; }

    /// <summary>Log records removed from the disk retry directory to keep it under its size limit, as <see cref="SpansEvicted"/>.</summary>
    public long LogRecordsEvicted { get; init; }

    /// <summary>Log records an earlier run left in the disk retry directory that this run delivered.</summary>
    public long LogRecordsRecovered { get; init; }

    /// <summary>Whether every counter of <paramref name="left"/> equals that of <paramref name="right"/>.</summary>
    /// <param name="left">A snapshot, or <see langword="null"/>.</param>
    /// <param name="right">Another snapshot, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when both are <see langword="null"/> or every counter is equal.</returns>
    public static bool operator ==(ExportStatistics? left, ExportStatistics? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether any counter of <paramref name="left"/> differs from that of <paramref name="right"/>.</summary>
    /// <param name="left">A snapshot, or <see langword="null"/>.</param>
    /// <param name="right">Another snapshot, or <see langword="null"/>.</param>
    /// <returns>The opposite of <c>==</c>.</returns>
    public static bool operator !=(ExportStatistics? left, ExportStatistics? right) => !(left == right);

    /// <inheritdoc/>
    public bool Equals(ExportStatistics? other) => other is not null && Spans == other.Spans && LogRecords == other.LogRecords;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ExportStatistics);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Spans, LogRecords);

    /// <summary>Every counter by name, for a log line or a test's output.</summary>
    /// <returns>For example <c>spans: ended 300, exported 298, dropped 0, failed 2, ...; log records: ...</c>.</returns>
    public override string ToString() => $"spans: {Spans}; log records: {LogRecords}";

    // The two signals' counters, each as one value: what the equality, the hash and the text read.
    private SignalCounts Spans => new(SpansEnded, SpansExported, SpansDropped, SpansFailed, SpansStored, SpansEvicted, SpansRecovered);

    private SignalCounts LogRecords =>
        new(LogRecordsEnded, LogRecordsExported, LogRecordsDropped, LogRecordsFailed, LogRecordsStored, LogRecordsEvicted, LogRecordsRecovered);
}
