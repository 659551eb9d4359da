using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChimeLogger.Tracing;

/// <summary>
/// Warnings about telemetry misuse at run time, on the <c>ChimeLogger</c> logger. They never throw: the
/// pipeline goes on and the user reads what to fix. Warnings that a hot loop could repeat are given once
/// per distinct value.
/// </summary>
internal sealed partial class ChimeDiagnostics
{
    public const string Category = "ChimeLogger";
    private const int MaxRemembered = 1024;

    public static readonly ChimeDiagnostics Silent = new(NullLogger.Instance);

    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _warnedEventNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warnedReservedKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warnedChildSpans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warnedUntrimmedIds = new(StringComparer.Ordinal);

    public ChimeDiagnostics(ILogger logger) => _logger = logger;

    public void EventWithoutHelixPrefix(string name)
    {
        if (_warnedEventNames.Count < MaxRemembered && _warnedEventNames.TryAdd(name, 0))
        {
            LogEventWithoutHelixPrefix(_logger, name);
        }
    }

    public void OperateWithoutEntityId(string operation) => LogOperateWithoutEntityId(_logger, operation);

    public void CreateWithoutResourceName(string stage, string? resourceName) =>
        LogCreateWithoutResourceName(_logger, stage, Describe(resourceName));

    public void UnusableEntityId(string span, string? entityId) => LogUnusableEntityId(_logger, span, Describe(entityId));

    public void ChildSpanEntityId(string span) => LogChildSpanEntityId(_logger, span);

    public void UnusableParentId(string? stage, string? parentId) =>
        LogUnusableParentId(_logger, Describe(parentId), stage ?? "create");

    public void LongId(string span, int length) => LogLongId(_logger, span, length, ResourceNames.LongIdWarningLength);

    public void UntrimmedId(string span, string id)
    {
        if (_warnedUntrimmedIds.Count < MaxRemembered && _warnedUntrimmedIds.TryAdd(id, 0))
        {
            LogUntrimmedId(_logger, id, span, id.Trim());
        }
    }

    public void EmptySpanName(string what, string placeholder) => LogEmptySpanName(_logger, what, placeholder);

    public void EmptyEventName(string span) => LogEmptyEventName(_logger, span);

    public void EmptyAttributeKey(string span) => LogEmptyAttributeKey(_logger, span);

    public void ReservedAttributeKey(string span, string key)
    {
        if (_warnedReservedKeys.Count < MaxRemembered && _warnedReservedKeys.TryAdd(span + "\n" + key, 0))
        {
            LogReservedAttributeKey(_logger, key, span);
        }
    }

    public void ChildSpanWithoutEntity(string span, string operation)
    {
        if (_warnedChildSpans.Count < MaxRemembered && _warnedChildSpans.TryAdd(span, 0))
        {
            LogChildSpanWithoutEntity(_logger, operation, span);
        }
    }

    public void SetupAgain(string pipeline, IReadOnlyList<string> differences) =>
        LogSetupAgain(_logger, pipeline, string.Join("; ", differences));

    public void UnreadableMember(string method, string member, Exception? exception) =>
        LogUnreadableMember(_logger, member, method, exception?.GetType().Name ?? "an exception");

    private static string Describe(string? value) => value switch
    {
        null => "null",
        "" => "empty",
        _ when string.IsNullOrWhiteSpace(value) => "whitespace",
        _ => "'" + value + "'",
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Event '{EventName}' does not start with 'helix.': the herald drops it. Name user events 'helix.event.<name>'.")]
    private static partial void LogEventWithoutHelixPrefix(ILogger logger, string eventName);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "operate completed without entity id; the span will not be linked to any entity (operation '{Operation}'). Pass a resource name or call SetEntityId.")]
    private static partial void LogOperateWithoutEntityId(ILogger logger, string operation);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Create '{Stage}' has a {ResourceName} resource name: the span is exported without helix.entity.id and the herald creates no entity for it.")]
    private static partial void LogCreateWithoutResourceName(ILogger logger, string stage, string resourceName);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "SetEntityId on '{Span}' ignored: the entity id is {EntityId}.")]
    private static partial void LogUnusableEntityId(ILogger logger, string span, string entityId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "SetEntityId on child span '{Span}' ignored: child spans belong to the enclosing entity and carry no entity id of their own.")]
    private static partial void LogChildSpanEntityId(ILogger logger, string span);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "Parent id {ParentId} of '{Stage}' left out of helix.parent.ids: parent ids must be non-empty and contain no comma (the herald splits the list on commas).")]
    private static partial void LogUnusableParentId(ILogger logger, string parentId, string stage);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning,
        Message = "'{Span}' has an id of {Length} characters (more than {Limit}): it is sent whole, but check that an id, not a payload, was passed.")]
    private static partial void LogLongId(ILogger logger, string span, int length, int limit);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning,
        Message = "The {What} name is empty or whitespace: the span is named '{Placeholder}'. Give it a name.")]
    private static partial void LogEmptySpanName(ILogger logger, string what, string placeholder);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "AddEvent on '{Span}' ignored: the event name is empty.")]
    private static partial void LogEmptyEventName(ILogger logger, string span);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "SetAttribute on '{Span}' ignored: the key is empty.")]
    private static partial void LogEmptyAttributeKey(ILogger logger, string span);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning,
        Message = "The {Member} member of {Method} threw {ExceptionType} while the span was opened: the span is exported without that value (no entity id or no parents) and the work ran as usual. Make the member's getter safe to call.")]
    private static partial void LogUnreadableMember(ILogger logger, string member, string method, string exceptionType);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning,
        Message = "Attribute '{Key}' on '{Span}' refused: it is a HelixObs contract key that only ChimeLogger writes (it decides what the herald stores). Use another key; set the entity id with SetEntityId.")]
    private static partial void LogReservedAttributeKey(ILogger logger, string key, string span);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning,
        Message = "{Operation} on child span '{Span}' has no open create or operate span above it: the helix event stays on the child span, where the herald ignores it. Open the child span inside the entity's span.")]
    private static partial void LogChildSpanWithoutEntity(ILogger logger, string operation, string span);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning,
        Message = "Id '{Id}' of '{Span}' has white space around it: it is sent trimmed as '{Trimmed}', so that it meets the same entity everywhere (the herald does not trim entity ids). Trim ids where they are made.")]
    private static partial void LogUntrimmedId(ILogger logger, string id, string span, string trimmed);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning,
        Message = "ChimeTelemetry.Setup was called again while ChimeLogger is already set up for pipeline '{Pipeline}': one process exports through one tracer, so these settings of the later call are not applied: {Differences}. The later call got a handle on the process tracer; disposing it does not stop telemetry.")]
    private static partial void LogSetupAgain(ILogger logger, string pipeline, string differences);
}
