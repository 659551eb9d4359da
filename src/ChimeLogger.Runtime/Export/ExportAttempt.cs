namespace ChimeLogger.Export;

/// <summary>
/// The batch an exporter is sending on this flow: its item count, its place in the herald's write order
/// (<see cref="DeliveryTag"/>), and what became of it: taken into the retry backlog by <see cref="ExportBacklogHandler"/>
/// (to be sent later, or again), or accepted by the herald. The counting exporters open one around each export; the
/// handler under the OTLP exporter reads and marks it, because the exporter hands the handler bytes, not items.
/// </summary>
internal sealed class ExportAttempt
{
    private static readonly AsyncLocal<ExportAttempt?> s_current = new();

    private ExportAttempt(int count, DeliveryTag tag)
    {
        Count = count;
        Tag = tag;
    }

    /// <summary>The attempt of the export running on this flow, if any.</summary>
    public static ExportAttempt? Current => s_current.Value;

    /// <summary>Items in the batch.</summary>
    public int Count { get; }

    /// <summary>Where the batch stands in the order the herald must write things in.</summary>
    public DeliveryTag Tag { get; }

    /// <summary>The batch is held by the backlog, which will count its outcome; the exporter must not.</summary>
    public bool Parked { get; set; }

    /// <summary>The herald answered this very send with success (not a retry backlog's stand-in answer).</summary>
    public bool Accepted { get; set; }

    /// <summary>The exporter reported success: the herald accepted the batch, or the backlog took it.</summary>
    public bool Succeeded { get; set; }

    public static ExportAttempt Begin(int count, DeliveryTag tag = default)
    {
        ExportAttempt attempt = new(count, tag);
        s_current.Value = attempt;
        return attempt;
    }

    public static void End() => s_current.Value = null;
}
