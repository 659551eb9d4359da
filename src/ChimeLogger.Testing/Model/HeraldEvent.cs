namespace ChimeLogger.Testing;

/// <summary>A <c>helix.*</c> event other than <c>helix.error</c>, as the herald stores it: its name and its attributes as text.</summary>
public sealed class HeraldEvent
{
    internal HeraldEvent(string name, DateTimeOffset timestamp, IReadOnlyDictionary<string, string> attributes, int count)
    {
        Name = name;
        Timestamp = timestamp;
        Attributes = attributes;
        Count = count;
    }

    /// <summary>The event name (<c>helix.event.classified</c>, ...).</summary>
    public string Name { get; }

    /// <summary>The attributes as the herald stores them: text (numbers as Go prints them, <c>true</c>/<c>false</c>).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>When the (first) occurrence was recorded.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>How many occurrences with the same normalised <c>message</c> the herald collapsed into this one (1 on an operation).</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}" + (Attributes.Count == 0 ? string.Empty : " " + HeraldValueText.Join(Attributes));
}
