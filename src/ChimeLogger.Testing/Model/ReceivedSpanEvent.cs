namespace ChimeLogger.Testing;

/// <summary>One span event as the herald receives it: a name, a time and attributes in the types they travel in.</summary>
public sealed class ReceivedSpanEvent
{
    /// <summary>Creates a received span event.</summary>
    /// <param name="name">The event name (<c>helix.error</c>, <c>helix.event.classified</c>, ...).</param>
    /// <param name="timestamp">When the event was recorded.</param>
    /// <param name="attributes">The event attributes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="attributes"/> is <see langword="null"/>.</exception>
    public ReceivedSpanEvent(string name, DateTimeOffset timestamp, IReadOnlyList<KeyValuePair<string, object?>> attributes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(attributes);
        Name = name;
        Timestamp = timestamp;
        Attributes = attributes;
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>When the event was recorded.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The event attributes with their values in the types they travel in.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Attributes { get; }

    /// <inheritdoc/>
    public override string ToString() => $"event '{Name}'";
}
