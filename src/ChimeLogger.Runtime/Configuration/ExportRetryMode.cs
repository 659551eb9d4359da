namespace ChimeLogger;

/// <summary>How failed exports are retried (<see cref="ChimeLoggerOptions.ExportRetry"/>, <c>CHIME_LOGGER_EXPORT_RETRY</c>).</summary>
public enum ExportRetryMode
{
    /// <summary>
    /// A batch the herald does not take (transient error) is kept in memory and retried with back-off (1 s growing
    /// to 5 s) for <see cref="ChimeLoggerOptions.ExportRetryWindow"/> (two minutes by default); while the herald is
    /// unreachable, later batches wait with it. Then it is counted as failed. The default.
    /// </summary>
    Memory,

    /// <summary>
    /// As <see cref="Memory"/>, but a batch that has waited longer than the retry window (or that would fill the
    /// export queue) is written to <see cref="ChimeLoggerOptions.ExportRetryPath"/>, and sent from there once the herald
    /// is back, in this run or the next one that uses the same directory and endpoint.
    /// </summary>
    Disk,

    /// <summary>No retry: a failed batch is counted as failed at once.</summary>
    None,
}
