namespace ChimeLogger.Testing;

/// <summary>A <c>helix.*</c> event other than <c>helix.error</c>, as the herald stores it: its name and its attributes as text.</summary>
public sealed class HeraldEvent
{
    internal HeraldEvent(string name, DateTimeOffset timestamp, IReadOnlyDictionary<string, string> attributes, int count, IReadOnlyDictionary<string, string>? latestAttributes = null)
    {
        Name = name;
        Timestamp = timestamp;
        Attributes = attributes;
        Count = count;
        LatestAttributes = latestAttributes ?? attributes;
    }

    /// <summary>The event name (<c>helix.event.classified</c>, ...).</summary>
    public string Name { get; }

    /// <summary>
    /// The attributes as the herald stores them: text (numbers as Go prints them, <c>true</c>/<c>false</c>); when the event
    /// was repeated, those of the occurrence it wrote first.
    /// </summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>The attributes of the occurrence the herald wrote last, which its de-duplication row keeps with the count.</summary>
    public IReadOnlyDictionary<string, string> LatestAttributes { get; }

    /// <summary>When the (first) occurrence was recorded.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>How many occurrences with the same normalised <c>message</c> the herald collapsed into this one (1 on an operation).</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}" + (Attributes.Count == 0 ? string.Empty : " " + HeraldValueText.Join(Attributes));
}
