namespace ChimeLogger.LocalReceiver.Model;

/// <summary>Filters of a span or log query against the receiver's telemetry API.</summary>
public sealed record TelemetryQuery
{
    /// <summary>Everything the receiver keeps.</summary>
    public static TelemetryQuery All { get; } = new();

    /// <summary>Only items of this trace (32 hex digits), or <see langword="null"/> for all.</summary>
    public string? TraceId { get; init; }

    /// <summary>Only items of this resource (its <c>service.name</c>), or <see langword="null"/> for all.</summary>
    public string? Resource { get; init; }

    /// <summary>
    /// At most this many items (the newest). <see langword="null"/> asks for everything the receiver keeps
    /// (the API itself answers 200 items when not told otherwise).
    /// </summary>
    public int? Limit { get; init; }
}
