namespace ChimeLogger.Testing;

/// <summary>One row of an entity's operation history: an operate span the herald would store.</summary>
public sealed class HeraldOperation
{
    internal HeraldOperation(
        string name,
        string traceId,
        DateTimeOffset startTime,
        IReadOnlyDictionary<string, string> metadata,
        IReadOnlyList<HeraldError> errors,
        IReadOnlyList<HeraldEvent> events)
    {
        Name = name;
        TraceId = traceId;
        StartTime = startTime;
        Metadata = metadata;
        Errors = errors;
        Events = events;
    }

    /// <summary>The operation name (the span name).</summary>
    public string Name { get; }

    /// <summary>The trace id of the operation; the herald stores one operation per trace.</summary>
    public string TraceId { get; }

    /// <summary>When the operation span started.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>The operation's metadata: the span attributes except the herald's system keys, as text.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Whether a <c>helix.error</c> was recorded on this operation's span.</summary>
    public bool Failed => Errors.Count > 0;

    /// <summary>The <c>helix.error</c> events recorded on this operation's span, each occurrence on its own.</summary>
    public IReadOnlyList<HeraldError> Errors { get; }

    /// <summary>The other <c>helix.*</c> events recorded on this operation's span, each occurrence on its own.</summary>
    public IReadOnlyList<HeraldEvent> Events { get; }

    /// <inheritdoc/>
    public override string ToString() => Failed ? $"operation {Name} (failed)" : $"operation {Name}";
}
