namespace ChimeLogger.Export;

/// <summary>
/// Bounds the telemetry of one signal that is queued or being exported, and counts what happens to it. An item
/// enters when it ends and leaves when the exporter has finished with its batch; while <see cref="Capacity"/>
/// items are inside, new ones are dropped and counted, so that the pipeline never waits for the exporter.
/// Lock-free: the threads that end spans only touch a few counters.
/// </summary>
internal sealed class ExportGate
{
    private long _ended;
    private long _exported;
    private long _dropped;
    private long _failed;
    private long _inside;

    public ExportGate(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    public long Ended => Interlocked.Read(ref _ended);

    public long Exported => Interlocked.Read(ref _exported);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Counts an ended item and says whether it may be queued.</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _ended);
        if (Interlocked.Increment(ref _inside) <= Capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _inside);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Records the outcome of an exported batch and frees its places.</summary>
    public void Leave(long count, bool exported)
    {
        Interlocked.Add(ref exported ? ref _exported : ref _failed, count);
        Interlocked.Add(ref _inside, -count);
    }
}

/// <summary>The gates of the trace and log pipelines, shared by the processors and <see cref="ChimeTracer"/>.</summary>
internal sealed class ExportCounters(int capacity)
{
    public ExportGate Spans { get; } = new(capacity);

    public ExportGate LogRecords { get; } = new(capacity);

    public ExportStatistics Snapshot() => new(
        Spans.Ended, Spans.Exported, Spans.Dropped, Spans.Failed,
        LogRecords.Ended, LogRecords.Exported, LogRecords.Dropped, LogRecords.Failed);
}
