namespace ChimeLogger.LocalReceiver.Model;

/// <summary>A span as the receiver stored it.</summary>
/// <remarks>
/// The Aspire dashboard keeps every attribute value as a string (an OTLP <c>intValue</c> 5 reads back as
/// <c>"5"</c>), so the attribute dictionaries hold strings and the value types sent cannot be observed here.
/// </remarks>
public sealed record ReceivedSpan
{
    /// <summary>The span name (for ChimeLogger: the stage, operation or child span name).</summary>
    public required string Name { get; init; }

    /// <summary>The trace id, 32 lowercase hex digits.</summary>
    public required string TraceId { get; init; }

    /// <summary>The span id, 16 lowercase hex digits.</summary>
    public required string SpanId { get; init; }

    /// <summary>The parent span id, or <see langword="null"/> for a root span.</summary>
    public string? ParentSpanId { get; init; }

    /// <summary>The OTLP span kind (1 internal, 2 server, 3 client, 4 producer, 5 consumer; 0 unspecified).</summary>
    public int Kind { get; init; }

    /// <summary>When the span started.</summary>
    public DateTimeOffset StartTime { get; init; }

    /// <summary>When the span ended.</summary>
    public DateTimeOffset EndTime { get; init; }

    /// <summary>The span attributes.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = ReceivedAttributes.Empty;

    /// <summary>The span events, in the order received.</summary>
    public IReadOnlyList<ReceivedSpanEvent> Events { get; init; } = [];

    /// <summary>The span links.</summary>
    public IReadOnlyList<ReceivedSpanLink> Links { get; init; } = [];

    /// <summary>The span status.</summary>
    public ReceivedStatus Status { get; init; } = ReceivedStatus.Unset;

    /// <summary>The instrumentation scope (for ChimeLogger: <c>ChimeLogger</c>).</summary>
    public string ScopeName { get; init; } = "";

    /// <summary>The attributes of the resource (process) that sent the span.</summary>
    public IReadOnlyDictionary<string, string> ResourceAttributes { get; init; } = ReceivedAttributes.Empty;

    /// <summary>The resource's <c>service.name</c>, or <see langword="null"/>.</summary>
    public string? ServiceName => ResourceAttributes.GetValueOrDefault("service.name");

    /// <summary>Whether the span has no parent.</summary>
    public bool IsRoot => ParentSpanId is null;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({TraceId}/{SpanId}, status {Status.Code})";
}

/// <summary>An event recorded on a span.</summary>
/// <param name="Name">The event name (for example <c>helix.error</c>).</param>
/// <param name="Time">When the event happened.</param>
/// <param name="Attributes">The event attributes (values as strings, see <see cref="ReceivedSpan"/>).</param>
public sealed record ReceivedSpanEvent(string Name, DateTimeOffset Time, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A link from a span to another span context.</summary>
/// <param name="TraceId">The linked trace id.</param>
/// <param name="SpanId">The linked span id.</param>
/// <param name="Attributes">The link attributes.</param>
public sealed record ReceivedSpanLink(string TraceId, string SpanId, IReadOnlyDictionary<string, string> Attributes);

/// <summary>The status of a span.</summary>
/// <param name="Code">The status code.</param>
/// <param name="Message">The status description, or <see langword="null"/>.</param>
public sealed record ReceivedStatus(ReceivedStatusCode Code, string? Message)
{
    /// <summary>The status of a span that set none.</summary>
    public static ReceivedStatus Unset { get; } = new(ReceivedStatusCode.Unset, null);
}

/// <summary>OTLP span status codes.</summary>
public enum ReceivedStatusCode
{
    /// <summary>No status was set.</summary>
    Unset = 0,

    /// <summary>The operation completed successfully.</summary>
    Ok = 1,

    /// <summary>The operation failed.</summary>
    Error = 2,
}
