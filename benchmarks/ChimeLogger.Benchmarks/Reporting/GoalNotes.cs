namespace ChimeLogger.Benchmarks.Reporting;

/// <summary>Why a goal is missed and what would close it, from the investigation of the measured runs.</summary>
internal static class GoalNotes
{
    public const string ExportDiscussion = "";

    private static readonly Dictionary<string, Note> s_notes = new(StringComparer.Ordinal);

    public static Note? For(string key) => s_notes.GetValueOrDefault(key);

    internal sealed record Note(string Why, string Closing);
}
