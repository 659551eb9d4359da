namespace ChimeLogger.LocalReceiver.Model;

/// <summary>A log record as the receiver stored it.</summary>
/// <remarks>
/// The Aspire dashboard derives the severity text from the severity number with .NET's level names
/// (<c>Information</c>, <c>Warning</c>, ...); the text the exporter sent is not kept. Attribute values are
/// strings, as for <see cref="ReceivedSpan"/>.
/// </remarks>
public sealed record ReceivedLog
{
    /// <summary>When the record was written.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The OTLP severity number (9 info, 13 warning, 17 error, ...).</summary>
    public int SeverityNumber { get; init; }

    /// <summary>The severity text as the receiver reports it.</summary>
    public string SeverityText { get; init; } = "";

    /// <summary>The log body (the formatted message or the template).</summary>
    public string Body { get; init; } = "";

    /// <summary>The log attributes.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = ReceivedAttributes.Empty;

    /// <summary>The trace id of the span current when the record was written, or <see langword="null"/>.</summary>
    public string? TraceId { get; init; }

    /// <summary>The span id of the span current when the record was written, or <see langword="null"/>.</summary>
    public string? SpanId { get; init; }

    /// <summary>The instrumentation scope; for .NET loggers, the logger category.</summary>
    public string ScopeName { get; init; } = "";

    /// <summary>The attributes of the resource (process) that sent the record.</summary>
    public IReadOnlyDictionary<string, string> ResourceAttributes { get; init; } = ReceivedAttributes.Empty;

    /// <summary>The resource's <c>service.name</c>, or <see langword="null"/>.</summary>
    public string? ServiceName => ResourceAttributes.GetValueOrDefault("service.name");

    /// <inheritdoc/>
    public override string ToString() => $"{SeverityText} {ScopeName}: {Body}";
}
