using System.Collections.Concurrent;
using ChimeLogger.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Tracing;

/// <summary>
/// The warnings of a tracer about telemetry misuse at run time, on the <c>ChimeLogger</c> logger (the messages and
/// their ids are in <see cref="ChimeWarnings"/>). Warnings that a hot loop could repeat are given once per distinct value.
/// </summary>
internal sealed class SpanWarnings
{
    private const int MaxRemembered = 1024;

    public static readonly SpanWarnings Silent = new(WarningLog.Silent);

    private readonly WarningLog _log;
    private readonly ConcurrentDictionary<string, byte> _warnedEventNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warnedReservedKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warnedChildSpans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warnedUntrimmedIds = new(StringComparer.Ordinal);

    public SpanWarnings(WarningLog log) => _log = log;

    private ILogger Logger => _log.Logger;

    public void EventWithoutHelixPrefix(string name)
    {
        if (_warnedEventNames.Count < MaxRemembered && _warnedEventNames.TryAdd(name, 0))
        {
            ChimeWarnings.EventWithoutHelixPrefix(Logger, name);
        }
    }

    public void OperateWithoutEntityId(string operation) => ChimeWarnings.OperateWithoutEntityId(Logger, operation);

    public void CreateWithoutResourceName(string stage, string? resourceName) =>
        ChimeWarnings.CreateWithoutResourceName(Logger, stage, Describe(resourceName));

    public void UnusableEntityId(string span, string? entityId) => ChimeWarnings.UnusableEntityId(Logger, span, Describe(entityId));

    public void ChildSpanEntityId(string span) => ChimeWarnings.ChildSpanEntityId(Logger, span);

    public void UnusableParentId(string? stage, string? parentId) =>
        ChimeWarnings.UnusableParentId(Logger, Describe(parentId), stage ?? "create");

    public void LongId(string span, int length) => ChimeWarnings.LongId(Logger, span, length, ResourceNames.LongIdWarningLength);

    public void UntrimmedId(string span, string id)
    {
        if (_warnedUntrimmedIds.Count < MaxRemembered && _warnedUntrimmedIds.TryAdd(id, 0))
        {
            ChimeWarnings.UntrimmedId(Logger, id, span, id.Trim());
        }
    }

    public void EmptySpanName(string what, string placeholder) => ChimeWarnings.EmptySpanName(Logger, what, placeholder);

    public void EmptyEventName(string span) => ChimeWarnings.EmptyEventName(Logger, span);

    public void EmptyAttributeKey(string span) => ChimeWarnings.EmptyAttributeKey(Logger, span);

    public void ReservedAttributeKey(string span, string key)
    {
        if (_warnedReservedKeys.Count < MaxRemembered && _warnedReservedKeys.TryAdd(span + "\n" + key, 0))
        {
            ChimeWarnings.ReservedAttributeKey(Logger, key, span);
        }
    }

    public void ChildSpanWithoutEntity(string span, string operation)
    {
        if (_warnedChildSpans.Count < MaxRemembered && _warnedChildSpans.TryAdd(span, 0))
        {
            ChimeWarnings.ChildSpanWithoutEntity(Logger, operation, span);
        }
    }

    public void SetupAgain(string pipeline, IReadOnlyList<string> differences) =>
        ChimeWarnings.SetupAgain(Logger, pipeline, string.Join("; ", differences));

    public void UnreadableMember(string method, string member, Exception? exception) =>
        ChimeWarnings.UnreadableMember(Logger, member, method, exception?.GetType().Name ?? "an exception");

    public void UnreadableParents(string method, Exception exception) =>
        ChimeWarnings.UnreadableParents(Logger, method, exception.GetType().Name);

    private static string Describe(string? value) => value switch
    {
        null => "null",
        "" => "empty",
        _ when string.IsNullOrWhiteSpace(value) => "whitespace",
        _ => "'" + value + "'",
    };
}
