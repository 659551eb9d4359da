namespace ChimeLogger;

/// <summary>How failed exports are retried (<see cref="ChimeLoggerOptions.ExportRetry"/>, <c>CHIME_LOGGER_EXPORT_RETRY</c>).</summary>
public enum ExportRetryMode
{
    /// <summary>
    /// The OTLP exporter retries a failed batch in memory with back-off (1 s growing to 5 s) until the export
    /// timeout (10 s) has passed; then the batch is counted as failed. The default.
    /// </summary>
    Memory,

    /// <summary>
    /// A batch that fails with a transient error is written to <see cref="ChimeLoggerOptions.ExportRetryPath"/> and sent
    /// again by a background thread of the exporter, in this run or the next one that uses the same directory.
    /// </summary>
    Disk,

    /// <summary>No retry: a failed batch is counted as failed at once.</summary>
    None,
}
