namespace ChimeLogger.Testing;

/// <summary>A log record as the collector would pass it on: level, message, the CHIME fields and other attributes.</summary>
public sealed class HeraldLog
{
    internal HeraldLog(
        DateTimeOffset timestamp,
        string? level,
        string? message,
        string? category,
        string? entityId,
        IReadOnlyDictionary<string, string> attributes,
        string? traceId,
        string? spanId)
    {
        Timestamp = timestamp;
        Level = level;
        Message = message;
        Category = category;
        EntityId = entityId;
        Attributes = attributes;
        TraceId = traceId;
        SpanId = spanId;
    }

    /// <summary>When the record was written.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The severity text as sent (<c>DEBUG</c>, <c>INFO</c>, <c>WARNING</c>, <c>ERROR</c>, <c>CRITICAL</c>); the Loki <c>level</c> label is its lower case.</summary>
    public string? Level { get; }

    /// <summary>The formatted message.</summary>
    public string? Message { get; }

    /// <summary>The logger category, when known.</summary>
    public string? Category { get; }

    /// <summary>The entity the record belongs to (<c>helix_entity_id</c>, else a <c>resource_name</c> other than <c>unknown_name</c>), or <see langword="null"/>.</summary>
    public string? EntityId { get; }

    /// <summary>The record's attributes as text (<c>resource_name</c>, <c>resource_type</c>, <c>pipeline</c>, <c>site</c>, the message arguments, ...).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>The trace id of the span the record was written in.</summary>
    public string? TraceId { get; }

    /// <summary>The span id of the span the record was written in.</summary>
    public string? SpanId { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Level} {Message}";
}
