using System.Collections.Concurrent;
using ChimeLogger.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChimeLogger.Tracing;

/// <summary>
/// The warnings of a tracer about telemetry misuse at run time, on the <c>ChimeLogger</c> logger (the messages and
/// their ids are in <see cref="ChimeWarnings"/>). Warnings that a hot loop could repeat are given once per distinct value.
/// </summary>
internal sealed class SpanWarnings
{
    private const int MaxRemembered = 1024;

    public static readonly SpanWarnings Silent = new(NullLogger.Instance);

    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _warnedEventNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warnedReservedKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warnedChildSpans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warnedUntrimmedIds = new(StringComparer.Ordinal);

    public SpanWarnings(ILogger logger) => _logger = logger;

    /// <summary>The logger the warnings go to; <see cref="ChimeWarnings.Category"/> unless this is <see cref="Silent"/>.</summary>
    public ILogger Logger => _logger;

    public void EventWithoutHelixPrefix(string name)
    {
        if (_warnedEventNames.Count < MaxRemembered && _warnedEventNames.TryAdd(name, 0))
        {
            ChimeWarnings.EventWithoutHelixPrefix(_logger, name);
        }
    }

    public void OperateWithoutEntityId(string operation) => ChimeWarnings.OperateWithoutEntityId(_logger, operation);

    public void CreateWithoutResourceName(string stage, string? resourceName) =>
        ChimeWarnings.CreateWithoutResourceName(_logger, stage, Describe(resourceName));

    public void UnusableEntityId(string span, string? entityId) => ChimeWarnings.UnusableEntityId(_logger, span, Describe(entityId));

    public void ChildSpanEntityId(string span) => ChimeWarnings.ChildSpanEntityId(_logger, span);

    public void UnusableParentId(string? stage, string? parentId) =>
        ChimeWarnings.UnusableParentId(_logger, Describe(parentId), stage ?? "create");

    public void LongId(string span, int length) => ChimeWarnings.LongId(_logger, span, length, ResourceNames.LongIdWarningLength);

    public void UntrimmedId(string span, string id)
    {
        if (_warnedUntrimmedIds.Count < MaxRemembered && _warnedUntrimmedIds.TryAdd(id, 0))
        {
            ChimeWarnings.UntrimmedId(_logger, id, span, id.Trim());
        }
    }

    public void EmptySpanName(string what) => ChimeWarnings.EmptySpanName(_logger, what);

    public void EmptyEventName(string span) => ChimeWarnings.EmptyEventName(_logger, span);

    public void EmptyAttributeKey(string span) => ChimeWarnings.EmptyAttributeKey(_logger, span);

    public void ReservedAttributeKey(string span, string key)
    {
        if (_warnedReservedKeys.Count < MaxRemembered && _warnedReservedKeys.TryAdd(span + "\n" + key, 0))
        {
            ChimeWarnings.ReservedAttributeKey(_logger, key, span);
        }
    }

    public void ChildSpanWithoutEntity(string span, string operation)
    {
        if (_warnedChildSpans.Count < MaxRemembered && _warnedChildSpans.TryAdd(span, 0))
        {
            ChimeWarnings.ChildSpanWithoutEntity(_logger, operation, span);
        }
    }

    public void SetupAgain(string pipeline, IReadOnlyList<string> differences) =>
        ChimeWarnings.SetupAgain(_logger, pipeline, string.Join("; ", differences));

    public void UnreadableMember(string method, string member, Exception? exception) =>
        ChimeWarnings.UnreadableMember(_logger, member, method, exception?.GetType().Name ?? "an exception");

    public void UnreadableParents(string method, Exception exception) =>
        ChimeWarnings.UnreadableParents(_logger, method, exception.GetType().Name);

    private static string Describe(string? value) => value switch
    {
        null => "null",
        "" => "empty",
        _ when string.IsNullOrWhiteSpace(value) => "whitespace",
        _ => "'" + value + "'",
    };
}
