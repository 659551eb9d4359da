namespace ChimeLogger.Export;

/// <summary>
/// The batch an exporter is sending on this flow: its item count, and whether <see cref="ExportBacklogHandler"/> took
/// it into the retry backlog instead of the herald answering. The counting exporters open one around each export; the
/// handler under the OTLP exporter reads it, because the exporter hands the handler bytes, not items.
/// </summary>
internal sealed class ExportAttempt
{
    private static readonly AsyncLocal<ExportAttempt?> s_current = new();

    private ExportAttempt(int count) => Count = count;

    /// <summary>The attempt of the export running on this flow, if any.</summary>
    public static ExportAttempt? Current => s_current.Value;

    /// <summary>Items in the batch.</summary>
    public int Count { get; }

    /// <summary>The batch is held by the backlog, which will count its outcome; the exporter must not.</summary>
    public bool Parked { get; set; }

    public static ExportAttempt Begin(int count)
    {
        ExportAttempt attempt = new(count);
        s_current.Value = attempt;
        return attempt;
    }

    public static void End() => s_current.Value = null;
}
