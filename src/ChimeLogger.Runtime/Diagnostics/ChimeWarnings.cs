using Microsoft.Extensions.Logging;

namespace ChimeLogger.Diagnostics;

/// <summary>
/// Every warning ChimeLogger writes about itself, with its event id, on the <see cref="Category"/> category: misuse of
/// the span API, setup, the herald token, export and retry. They never throw: the pipeline goes on and the message says
/// what to fix. The ids are unique across the catalogue (a test holds them to it) and stable from one version to the
/// next, so that a log filter written against one keeps working: ids 1-19 are span and setup warnings, 20-29 the
/// herald's token and answers, 30-39 start-up and shutdown, 40-49 export retry, 100 and up values read by generated
/// code.
/// </summary>
internal static partial class ChimeWarnings
{
    /// <summary>The logger category of ChimeLogger's own warnings.</summary>
    public const string Category = "ChimeLogger";

    // Span API and setup (SpanWarnings gives each at most once per distinct value where a hot loop could repeat it).

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Event '{EventName}' does not start with 'helix.': the herald drops it. Name user events 'helix.event.<name>'.")]
    public static partial void EventWithoutHelixPrefix(ILogger logger, string eventName);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "operate completed without entity id; the span will not be linked to any entity (operation '{Operation}'). Pass a resource name or call SetEntityId.")]
    public static partial void OperateWithoutEntityId(ILogger logger, string operation);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Create '{Stage}' has a {ResourceName} resource name: the span is exported without helix.entity.id and the herald creates no entity for it.")]
    public static partial void CreateWithoutResourceName(ILogger logger, string stage, string resourceName);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "SetEntityId on '{Span}' ignored: the entity id is {EntityId}.")]
    public static partial void UnusableEntityId(ILogger logger, string span, string entityId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "SetEntityId on child span '{Span}' ignored: child spans belong to the enclosing entity and carry no entity id of their own.")]
    public static partial void ChildSpanEntityId(ILogger logger, string span);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "Parent id {ParentId} of '{Stage}' left out of helix.parent.ids: parent ids must be non-empty and contain no comma (the herald splits the list on commas).")]
    public static partial void UnusableParentId(ILogger logger, string parentId, string stage);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning,
        Message = "'{Span}' has an id of {Length} characters (more than {Limit}): it is sent whole, but check that an id, not a payload, was passed.")]
    public static partial void LongId(ILogger logger, string span, int length, int limit);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning,
        Message = "The {What} name is empty or whitespace: the span is named '{Placeholder}'. Give it a name.")]
    public static partial void EmptySpanName(ILogger logger, string what, string placeholder);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "AddEvent on '{Span}' ignored: the event name is empty.")]
    public static partial void EmptyEventName(ILogger logger, string span);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "SetAttribute on '{Span}' ignored: the key is empty.")]
    public static partial void EmptyAttributeKey(ILogger logger, string span);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning,
        Message = "The {Member} member of {Method} threw {ExceptionType} while the span was opened: the span is exported without that value (no entity id or no parents) and the work ran as usual. Make the member's getter safe to call.")]
    public static partial void UnreadableMember(ILogger logger, string member, string method, string exceptionType);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning,
        Message = "Attribute '{Key}' on '{Span}' refused: it is a HelixObs contract key that only ChimeLogger writes (it decides what the herald stores). Use another key; set the entity id with SetEntityId.")]
    public static partial void ReservedAttributeKey(ILogger logger, string key, string span);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning,
        Message = "{Operation} on child span '{Span}' has no open create or operate span above it: the helix event stays on the child span, where the herald ignores it. Open the child span inside the entity's span.")]
    public static partial void ChildSpanWithoutEntity(ILogger logger, string operation, string span);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning,
        Message = "Id '{Id}' of '{Span}' has white space around it: it is sent trimmed as '{Trimmed}', so that it meets the same entity everywhere (the herald does not trim entity ids). Trim ids where they are made.")]
    public static partial void UntrimmedId(ILogger logger, string id, string span, string trimmed);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning,
        Message = "ChimeTelemetry.Setup was called again while ChimeLogger is already set up for pipeline '{Pipeline}': one process exports through one tracer, so these settings of the later call are not applied: {Differences}. The later call got a handle on the process tracer; disposing it does not stop telemetry.")]
    public static partial void SetupAgain(ILogger logger, string pipeline, string differences);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning,
        Message = "No pipeline name is set, so every span and log record says pipeline '{Placeholder}'. Name the pipeline: ChimeTelemetry.Setup(pipeline: \"...\"), " +
                  "ChimeLoggerOptions.Pipeline (the 'ChimeLogger:Pipeline' setting of a hosted app), or the {Variable} environment variable.")]
    public static partial void NoPipeline(ILogger logger, string placeholder, string variable);

    // The herald's token and its answers.

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Herald token refresh failed; the current token is kept while it is valid: {Reason}")]
    public static partial void TokenRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "The herald at {Endpoint} answered Unauthenticated to {Count} trace export(s): the bearer token is missing, malformed or refused, " +
                  "and those spans are counted as failed (ChimeTracer.ExportStatistics). A new token is requested (at most once a minute). Check HERALD_CREDENTIAL and HERALD_AUTH_ENDPOINT; the pipeline goes on.")]
    public static partial void Unauthenticated(ILogger logger, string endpoint, long count);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning,
        Message = "The TLS connection to {Endpoint} for {Signal} failed: {Problem}. A certificate problem is not an outage: each batch it stops is counted " +
                  "as failed at once, not retried ({Count} since the last warning), and each new batch connects again, so a fixed certificate takes effect at once.")]
    public static partial void CertificateRejected(ILogger logger, string endpoint, string signal, string problem, long count);

    // Start-up and shutdown.

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning,
        Message = "Herald tokens are sent in plaintext to {Endpoint}: set HERALD_INSECURE=false or use an https:// endpoint outside this host.")]
    public static partial void PlaintextToken(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning,
        Message = "The herald credential is sent in plaintext to {Endpoint}: use an https:// HERALD_AUTH_ENDPOINT outside this host.")]
    public static partial void PlaintextCredential(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning,
        Message = "The file log {Path} cannot be written ({Reason}); CHIME loggers still go to the other providers. Set CHIME_LOGGER_FILE_LOG_PATH to a writable path.")]
    public static partial void FileLogDisabled(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "Telemetry was lost: {Losses}.")]
    public static partial void TelemetryLost(ILogger logger, string losses);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning,
        Message = "Stopping: waiting up to {SecondsLeft:F1} s more (ShutdownTimeout {LimitSeconds:F1} s) for the herald at {HeraldEndpoint} to take " +
                  "{SpansPending} spans and for the collector at {LogsEndpoint} to take {LogRecordsPending} log records; what has not reached them by then is reported as lost.")]
    public static partial void ShutdownWaiting(
        ILogger logger, double secondsLeft, double limitSeconds, string heraldEndpoint, long spansPending, string logsEndpoint, long logRecordsPending);

    [LoggerMessage(EventId = 35, Level = LogLevel.Warning,
        Message = "The host's ShutdownTimeout ran out while ChimeLogger was still delivering ({SpansPending} spans and {LogRecordsPending} log records waiting): " +
                  "ChimeLogger stops waiting and shuts its pipelines down at once; what is not delivered is reported as lost. Give HostOptions.ShutdownTimeout " +
                  "the time the services take to stop plus ChimeLoggerOptions.ShutdownTimeout ({LimitSeconds:F1} s), or lower the latter.")]
    public static partial void HostShutdownTimeoutReached(ILogger logger, long spansPending, long logRecordsPending, double limitSeconds);

    // Export retry.

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning,
        Message = "Export of {Signal} to {Endpoint} failed ({Problem}); batches are held in memory and retried for up to {WindowSeconds} s, {Then}. " +
                  "The pipeline goes on; ChimeTracer.ExportStatistics counts the outcome.")]
    public static partial void ExportUnreachable(ILogger logger, string signal, string endpoint, string problem, double windowSeconds, string then);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning,
        Message = "{Count} {Signal} items were given up after {WindowSeconds} s of retry to {Endpoint} (last problem: {Problem}) and counted as failed. " +
                  "Raise CHIME_LOGGER_EXPORT_RETRY_WINDOW, or set CHIME_LOGGER_EXPORT_RETRY=disk for longer outages.")]
    public static partial void ExportGivenUp(ILogger logger, long count, string signal, string endpoint, double windowSeconds, string problem);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning,
        Message = "{Count} stored {Signal} items were removed, oldest first, from {Directory} to keep it under {LimitMegabytes:F0} MiB; " +
                  "they are counted as evicted. Raise CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB to keep more.")]
    public static partial void StoredBatchesEvicted(ILogger logger, long count, string signal, string directory, double limitMegabytes);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning,
        Message = "Disk retry of {Signal} cannot write to {Directory} ({Reason}); batches that cannot be stored are counted as failed and the pipeline goes on. " +
                  "Free space or fix the permissions of CHIME_LOGGER_EXPORT_RETRY_PATH.")]
    public static partial void DiskRetryWriteFailed(ILogger logger, string signal, string directory, string reason);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning,
        Message = "Disk retry of {Signal} cannot use {Directory} ({Reason}): another process may own it. This run retries in memory only; " +
                  "give each process its own CHIME_LOGGER_EXPORT_RETRY_PATH.")]
    public static partial void DiskRetryUnavailable(ILogger logger, string signal, string directory, string reason);

    [LoggerMessage(EventId = 45, Level = LogLevel.Warning,
        Message = "{Count} operation(s) were sent to the herald while the creation of their entity was still open, for example '{Operation}' on '{EntityId}' " +
                  "(an operation waits at most {WaitSeconds} s for an open creation, and a flush or shutdown sends it at once): if that creation has no parents, " +
                  "the herald keeps the entity as a placeholder and drops the creation when it arrives. End the create span before operating on its entity.")]
    public static partial void OperationBeforeOpenCreation(ILogger logger, long count, string operation, string entityId, double waitSeconds);

    // Values read by generated code.

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning,
        Message = "Reading the [Parents] of {Method} threw {ExceptionType}: the span is exported without parent ids and the method runs as usual (its body sees the same ids and the same exception).")]
    public static partial void UnreadableParents(ILogger logger, string method, string exceptionType);
}
