namespace ChimeLogger.Testing;

/// <summary>A <c>helix.error</c> event as the herald stores it: its metadata as text, the <c>message</c> and <c>stage</c> keys read out.</summary>
public sealed class HeraldError
{
    internal HeraldError(DateTimeOffset timestamp, IReadOnlyDictionary<string, string> metadata, int count, IReadOnlyDictionary<string, string>? latestMetadata = null)
    {
        Timestamp = timestamp;
        Metadata = metadata;
        Count = count;
        LatestMetadata = latestMetadata ?? metadata;
    }

    /// <summary>The <c>message</c> key: the stable class of the error that notifications are de-duplicated on.</summary>
    public string? Message => Metadata.TryGetValue("message", out string? message) ? message : null;

    /// <summary>The <c>stage</c> key: what the Error Entities dashboard groups errors by.</summary>
    public string? Stage => Metadata.TryGetValue("stage", out string? stage) ? stage : null;

    /// <summary>
    /// Every attribute of the error event, as text: when it was repeated, the occurrence the herald wrote first (its
    /// <c>entity_events</c> row), taken to be the first that reached it.
    /// </summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// The attributes of the occurrence the herald wrote last, which its de-duplication row keeps with the count (and its
    /// trace id): the same as <see cref="Metadata"/> for an error that was not repeated.
    /// </summary>
    public IReadOnlyDictionary<string, string> LatestMetadata { get; }

    /// <summary>When the (first) occurrence was recorded.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>How many occurrences with the same normalised <c>message</c> the herald collapsed into this one (1 on an operation).</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public override string ToString() => $"helix.error {Message ?? "(no message)"}" + (Stage is null ? string.Empty : $" at stage {Stage}");
}
