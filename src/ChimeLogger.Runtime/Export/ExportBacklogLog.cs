using Microsoft.Extensions.Logging;

namespace ChimeLogger.Export;

/// <summary>The warnings of <see cref="ExportBacklog"/>; each names the signal, where to look and what was counted.</summary>
internal static partial class ExportBacklogLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Warning,
        Message = "Export of {Signal} to {Endpoint} failed ({Problem}); batches are held in memory and retried for up to {WindowSeconds} s, {Then}. " +
                  "The pipeline goes on; ChimeTracer.ExportStatistics counts the outcome.")]
    public static partial void Unreachable(ILogger logger, string signal, string endpoint, string problem, double windowSeconds, string then);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning,
        Message = "{Count} {Signal} items were given up after {WindowSeconds} s of retry to {Endpoint} (last problem: {Problem}) and counted as failed. " +
                  "Raise CHIME_LOGGER_EXPORT_RETRY_WINDOW, or set CHIME_LOGGER_EXPORT_RETRY=disk for longer outages.")]
    public static partial void GaveUp(ILogger logger, long count, string signal, string endpoint, double windowSeconds, string problem);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning,
        Message = "{Count} stored {Signal} items were removed, oldest first, from {Directory} to keep it under {LimitMegabytes:F0} MiB; " +
                  "they are counted as evicted. Raise CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB to keep more.")]
    public static partial void Evicted(ILogger logger, long count, string signal, string directory, double limitMegabytes);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning,
        Message = "Disk retry of {Signal} cannot write to {Directory} ({Reason}); batches that cannot be stored are counted as failed and the pipeline goes on. " +
                  "Free space or fix the permissions of CHIME_LOGGER_EXPORT_RETRY_PATH.")]
    public static partial void DiskWriteFailed(ILogger logger, string signal, string directory, string reason);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning,
        Message = "Disk retry of {Signal} cannot use {Directory} ({Reason}): another process may own it. This run retries in memory only; " +
                  "give each process its own CHIME_LOGGER_EXPORT_RETRY_PATH.")]
    public static partial void DiskUnavailable(ILogger logger, string signal, string directory, string reason);
}
