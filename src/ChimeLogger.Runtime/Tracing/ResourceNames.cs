namespace ChimeLogger.Tracing;

/// <summary>Rules for entity ids and parent ids.</summary>
internal static class ResourceNames
{
    /// <summary>
    /// Longest entity id ChimeLogger sends. Longer ids are still sent whole, with a warning: they are legal
    /// for the herald but usually a sign that a payload was passed instead of an id.
    /// </summary>
    public const int LongIdWarningLength = 512;

    public static bool IsUsable(string? id) => !string.IsNullOrWhiteSpace(id);

    /// <summary>
    /// The herald splits <c>helix.parent.ids</c> on commas, so a parent id containing one would be read as
    /// two wrong parents. Such ids are refused (left out, with a warning) rather than silently corrupted.
    /// </summary>
    public static bool IsUsableParent(string? id) => IsUsable(id) && !id!.Contains(',');

    /// <summary>
    /// Whether <paramref name="id"/> starts or ends with white space. The herald trims the parent ids it splits but not
    /// <c>helix.entity.id</c> (docs/helix-contract.md §1), so an untrimmed entity id would never meet its children.
    /// </summary>
    public static bool NeedsTrim(string id) => id.Length > 0 && (char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1]));
}
