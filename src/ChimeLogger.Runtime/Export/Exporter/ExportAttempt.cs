namespace ChimeLogger.Export;

/// <summary>
/// One batch an exporter is sending, and what became of it: taken into the retry backlog by the
/// <see cref="ExportBacklogHandler"/> (to be sent later, or again), or accepted by the herald. The exporter opens it
/// through its <see cref="ExportInProgress"/> and reads it when its export returns.
/// </summary>
/// <param name="count">Items in the batch.</param>
/// <param name="tag">Where the batch stands in the order the herald must write things in.</param>
internal sealed class ExportAttempt(int count, DeliveryTag tag = default)
{
    /// <summary>Items in the batch.</summary>
    public int Count { get; } = count;

    /// <summary>Where the batch stands in the order the herald must write things in.</summary>
    public DeliveryTag Tag { get; } = tag;

    /// <summary>The batch is held by the backlog, which will count its outcome; the exporter must not.</summary>
    public bool Parked { get; set; }

    /// <summary>The herald answered this very send with success (not a retry backlog's stand-in answer).</summary>
    public bool Accepted { get; set; }

    /// <summary>The exporter reported success: the herald accepted the batch, or the backlog took it.</summary>
    public bool Succeeded { get; set; }
}
