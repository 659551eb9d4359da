using OpenTelemetry;

namespace ChimeLogger.Export;

/// <summary>
/// The export an OTLP exporter is making now, shared by the exporter and the <see cref="ExportBacklogHandler"/> under it,
/// which are built together with it. The exporter hands the handler bytes, not items: through this it says what the bytes
/// are (how many items, their place in the herald's write order), and learns what the handler did with them (kept them
/// for a retry, or had them accepted). One exporter exports one batch at a time (the batch processor's thread, or ordered
/// delivery under its lock), so one field holds the attempt; a request sent outside an export finds none.
/// </summary>
/// <param name="gate">Counts what leaves: the exporter's outcome, unless the backlog kept the batch and counts it later.</param>
internal sealed class ExportInProgress(ExportGate gate)
{
    private ExportAttempt? _current;

    /// <summary>The gate of the signal.</summary>
    public ExportGate Gate => gate;

    /// <summary>The attempt of the export in progress, or <see langword="null"/> outside an export.</summary>
    public ExportAttempt? Current => Volatile.Read(ref _current);

    /// <summary>Opens the attempt of a batch of <paramref name="count"/> items about to be exported.</summary>
    public ExportAttempt Begin(int count, DeliveryTag tag = default)
    {
        ExportAttempt attempt = new(count, tag);
        Volatile.Write(ref _current, attempt);
        return attempt;
    }

    /// <summary>
    /// Closes the attempt with what the exporter reported, and counts the batch at the gate as exported or failed, unless
    /// the backlog took it (the backlog counts it then).
    /// </summary>
    public ExportAttempt End(ExportAttempt attempt, ExportResult result)
    {
        Volatile.Write(ref _current, null);
        attempt.Succeeded = result == ExportResult.Success;
        if (!attempt.Parked)
        {
            gate.Leave(attempt.Count, attempt.Succeeded);
        }

        return attempt;
    }
}
