namespace ChimeLogger.Testing;

/// <summary>
/// A log record as the collector would pass it on: level, message, the CHIME fields and other attributes. It is the
/// received record read as the herald reads it: its attributes as text, and the entity it belongs to.
/// </summary>
public sealed class HeraldLog
{
    private readonly ReceivedLogRecord _received;

    internal HeraldLog(ReceivedLogRecord received, string? entityId, IReadOnlyDictionary<string, string> attributes)
    {
        _received = received;
        EntityId = entityId;
        Attributes = attributes;
    }

    /// <summary>When the record was written.</summary>
    public DateTimeOffset Timestamp => _received.Timestamp;

    /// <summary>The severity text as sent (<c>DEBUG</c>, <c>INFO</c>, <c>WARNING</c>, <c>ERROR</c>, <c>CRITICAL</c>); the Loki <c>level</c> label is its lower case.</summary>
    public string? Level => _received.SeverityText;

    /// <summary>The formatted message.</summary>
    public string? Message => _received.Message;

    /// <summary>The logger category, when known.</summary>
    public string? Category => _received.Category;

    /// <summary>The entity the record belongs to (<c>helix_entity_id</c>, else a <c>resource_name</c> other than <c>unknown_name</c>), or <see langword="null"/>.</summary>
    public string? EntityId { get; }

    /// <summary>The record's attributes as text (<c>resource_name</c>, <c>resource_type</c>, <c>pipeline</c>, <c>site</c>, the message arguments, ...).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>The trace id of the span the record was written in.</summary>
    public string? TraceId => _received.TraceId;

    /// <summary>The span id of the span the record was written in.</summary>
    public string? SpanId => _received.SpanId;

    /// <inheritdoc/>
    public override string ToString() => $"{Level} {Message}";
}
