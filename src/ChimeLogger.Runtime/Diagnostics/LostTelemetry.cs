using System.Globalization;

namespace ChimeLogger.Diagnostics;

/// <summary>
/// The text of the lost-telemetry warning (<see cref="ChimeWarnings.TelemetryLost"/>): what was lost and why, one clause
/// per cause that happened (queue full, export failed, not exported before the shutdown limit), the largest
/// first, each with what to do about it and only the endpoints it concerns.
/// </summary>
internal static class LostTelemetry
{
    /// <summary>Whether anything was lost, so that there is something to say.</summary>
    /// <param name="statistics">The counters after the shutdown's flush.</param>
    /// <param name="spansFlushed">Whether the span pipeline's flush took out everything that had ended when it began.</param>
    /// <param name="logRecordsFlushed">The same for the log pipeline.</param>
    /// <remarks>
    /// A pipeline whose flush completed has lost nothing by waiting: what is still queued there ended during the flush
    /// (ChimeLogger's own notice that the shutdown waits for the other pipeline among it) and leaves with the shutdown.
    /// </remarks>
    public static bool Any(ExportStatistics statistics, bool spansFlushed = false, bool logRecordsFlushed = false) =>
        statistics.SpansDropped > 0 || statistics.SpansFailed > 0 || Pending(statistics.SpansPending, spansFlushed) > 0
        || statistics.LogRecordsDropped > 0 || statistics.LogRecordsFailed > 0 || Pending(statistics.LogRecordsPending, logRecordsFlushed) > 0;

    /// <summary>The causes of loss that happened, largest first, e.g. <c>12 spans and 9 log records were not exported before ...</c>.</summary>
    /// <param name="statistics">The counters after the shutdown's flush.</param>
    /// <param name="herald">Where spans go.</param>
    /// <param name="collector">Where log records go.</param>
    /// <param name="shutdownTimeout">The limit the flush had.</param>
    /// <param name="spansFlushed">Whether the span pipeline's flush completed (see <see cref="Any"/>).</param>
    /// <param name="logRecordsFlushed">Whether the log pipeline's flush completed.</param>
    public static string Describe(
        ExportStatistics statistics, Uri herald, Uri collector, TimeSpan shutdownTimeout, bool spansFlushed = false, bool logRecordsFlushed = false)
    {
        string seconds = shutdownTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        long spansPending = Pending(statistics.SpansPending, spansFlushed);
        long logRecordsPending = Pending(statistics.LogRecordsPending, logRecordsFlushed);
        (long Spans, long LogRecords, Func<string, string, string> Clause)[] causes =
        [
            (spansPending, logRecordsPending, (what, verb) =>
                $"{what} {verb} not exported before the shutdown limit of {seconds} s ran out " +
                $"({Endpoints(spansPending, logRecordsPending, herald, collector)} did not take them in time: " +
                $"check that {(Both(spansPending, logRecordsPending) ? "they answer" : "it answers")}, " +
                "or raise ChimeLoggerOptions.ShutdownTimeout if the export is only slow)"),
            (statistics.SpansFailed, statistics.LogRecordsFailed, (what, verb) =>
                $"{what} failed to export (the warnings before this one say why; " +
                $"check that {Endpoints(statistics.SpansFailed, statistics.LogRecordsFailed, herald, collector)} can be reached)"),
            (statistics.SpansDropped, statistics.LogRecordsDropped, (what, verb) =>
                $"{what} {verb} dropped because the export queue was full (raise CHIME_LOGGER_EXPORT_QUEUE_SIZE)"),
        ];

        // Largest first; on a tie, in the order above. Causes that did not happen are not named.
        IEnumerable<string> clauses = causes
            .Select(static (cause, order) => (cause, order))
            .Where(static c => c.cause.Spans > 0 || c.cause.LogRecords > 0)
            .OrderByDescending(static c => Math.Max(c.cause.Spans, 0) + Math.Max(c.cause.LogRecords, 0))
            .ThenBy(static c => c.order)
            .Select(static c => c.cause.Clause(Amount(c.cause.Spans, c.cause.LogRecords), Verb(c.cause.Spans, c.cause.LogRecords)));
        return string.Join("; ", clauses);
    }

    private static long Pending(long pending, bool flushed) => flushed ? 0 : pending;

    private static string Amount(long spans, long logRecords)
    {
        string? spanText = spans > 0 ? Count(spans, "span", "spans") : null;
        string? logText = logRecords > 0 ? Count(logRecords, "log record", "log records") : null;
        return spanText is not null && logText is not null ? spanText + " and " + logText : spanText ?? logText!;
    }

    private static string Verb(long spans, long logRecords) =>
        Math.Max(spans, 0) + Math.Max(logRecords, 0) == 1 ? "was" : "were";

    private static string Count(long count, string one, string many) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

    private static bool Both(long spans, long logRecords) => spans > 0 && logRecords > 0;

    /// <summary>The endpoints of the signals concerned: spans go to the herald, log records to the collector.</summary>
    private static string Endpoints(long spans, long logRecords, Uri herald, Uri collector) => (spans > 0, logRecords > 0) switch
    {
        (true, false) => $"the herald at {herald}",
        (false, true) => $"the collector at {collector}",
        _ when herald == collector => $"the herald and collector at {herald}",
        _ => $"the herald at {herald} and the collector at {collector}",
    };
}
