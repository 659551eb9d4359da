namespace ChimeLogger.Testing;

/// <summary>
/// One span as the herald receives it over OTLP: plain data, with the attribute values in the types they travel in
/// (a string stays a string, a number stays a number). <see cref="HeraldModel.Project"/> reads these, so a model can
/// be built from spans captured in memory or read back from a receiver.
/// </summary>
public sealed class ReceivedSpan
{
    /// <summary>Creates a received span.</summary>
    /// <param name="name">The span name (the stage, the operation or the child span name).</param>
    /// <param name="traceId">The trace id, 32 lower-case hex digits.</param>
    /// <param name="spanId">The span id, 16 lower-case hex digits.</param>
    /// <param name="startTime">When the span started; the herald dates entities and operations by it.</param>
    /// <param name="attributes">The span attributes, in the order they were recorded.</param>
    /// <param name="events">The span events, in the order they were recorded.</param>
    /// <param name="parentSpanId">The parent span id, or <see langword="null"/> for a root span.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    public ReceivedSpan(
        string name,
        string traceId,
        string spanId,
        DateTimeOffset startTime,
        IReadOnlyList<KeyValuePair<string, object?>> attributes,
        IReadOnlyList<ReceivedSpanEvent>? events = null,
        string? parentSpanId = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(traceId);
        ArgumentNullException.ThrowIfNull(spanId);
        ArgumentNullException.ThrowIfNull(attributes);
        Name = name;
        TraceId = traceId;
        SpanId = spanId;
        StartTime = startTime;
        Attributes = attributes;
        Events = events ?? [];
        ParentSpanId = parentSpanId;
    }

    /// <summary>The span name.</summary>
    public string Name { get; }

    /// <summary>The trace id (32 lower-case hex digits).</summary>
    public string TraceId { get; }

    /// <summary>The span id (16 lower-case hex digits).</summary>
    public string SpanId { get; }

    /// <summary>The parent span id, or <see langword="null"/> for a root span.</summary>
    public string? ParentSpanId { get; }

    /// <summary>When the span started.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>
    /// When the span ended, when known. <see cref="TestHerald"/> sets it, and uses it for the order ChimeLogger's ordered
    /// delivery sends spans in (an operation that ended inside the create of its entity follows that create).
    /// </summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>The span attributes with their values in the types they travel in.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Attributes { get; }

    /// <summary>The span events.</summary>
    public IReadOnlyList<ReceivedSpanEvent> Events { get; }

    /// <summary>The value of the attribute <paramref name="key"/> (the last one when it was recorded twice), or <see langword="null"/>.</summary>
    /// <param name="key">The attribute key.</param>
    /// <returns>The value, in the type it travels in.</returns>
    public object? Attribute(string key)
    {
        object? value = null;
        foreach (KeyValuePair<string, object?> attribute in Attributes)
        {
            if (attribute.Key == key)
            {
                value = attribute.Value;
            }
        }

        return value;
    }

    /// <inheritdoc/>
    public override string ToString() => $"span '{Name}' {SpanId} in trace {TraceId}";
}
