namespace ChimeLogger.Testing;

/// <summary>
/// One log record as the collector receives it over OTLP: severity text, message, attributes (the CHIME fields among
/// them) and the ids of the span it was written in.
/// </summary>
public sealed class ReceivedLogRecord
{
    /// <summary>Creates a received log record.</summary>
    /// <param name="timestamp">When the record was written.</param>
    /// <param name="severityText">The severity text sent (<c>INFO</c>, <c>WARNING</c>, ...).</param>
    /// <param name="message">The formatted message.</param>
    /// <param name="attributes">The attributes, <c>resource_name</c> and <c>helix_entity_id</c> among them.</param>
    /// <param name="category">The logger category, when known.</param>
    /// <param name="traceId">The trace id of the span the record was written in, or <see langword="null"/>.</param>
    /// <param name="spanId">The span id of the span the record was written in, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="attributes"/> is <see langword="null"/>.</exception>
    public ReceivedLogRecord(
        DateTimeOffset timestamp,
        string? severityText,
        string? message,
        IReadOnlyList<KeyValuePair<string, object?>> attributes,
        string? category = null,
        string? traceId = null,
        string? spanId = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        Timestamp = timestamp;
        SeverityText = severityText;
        Message = message;
        Attributes = attributes;
        Category = category;
        TraceId = traceId;
        SpanId = spanId;
    }

    /// <summary>When the record was written.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The severity text sent (ChimeLogger sends the Python names <c>DEBUG</c>, <c>INFO</c>, <c>WARNING</c>, <c>ERROR</c>, <c>CRITICAL</c>).</summary>
    public string? SeverityText { get; }

    /// <summary>The formatted message.</summary>
    public string? Message { get; }

    /// <summary>The record's attributes, in the types they travel in.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Attributes { get; }

    /// <summary>The logger category, when known.</summary>
    public string? Category { get; }

    /// <summary>The trace id of the span the record was written in.</summary>
    public string? TraceId { get; }

    /// <summary>The span id of the span the record was written in.</summary>
    public string? SpanId { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{SeverityText} {Message}";
}
