namespace ChimeLogger.Export;

/// <summary>
/// Bounds the telemetry of one signal that is queued, being exported or waiting in memory for a retry, and counts
/// what happens to it. An item enters when it ends and leaves when its batch is delivered, written to the retry
/// directory, or given up; while <see cref="Capacity"/> items are inside, new ones are dropped and counted, so
/// that the pipeline never waits for the exporter. Lock-free: the threads that end spans only touch a few counters.
/// </summary>
internal sealed class ExportGate
{
    private long _ended;
    private long _exported;
    private long _dropped;
    private long _failed;
    private long _inside;
    private long _stored;
    private long _evicted;
    private long _recovered;

    public ExportGate(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    public long Ended => Interlocked.Read(ref _ended);

    public long Exported => Interlocked.Read(ref _exported);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Items queued, being exported or held in memory for a retry.</summary>
    public long Inside => Interlocked.Read(ref _inside);

    /// <summary>Items of this run written to the retry directory and not sent yet.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Items removed from the retry directory to keep it under its size limit (of this run or an earlier one).</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>Items an earlier run left in the retry directory that this run delivered.</summary>
    public long Recovered => Interlocked.Read(ref _recovered);

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

    /// <summary>Records the outcome of a batch held in memory and frees its places.</summary>
    public void Leave(long count, bool exported)
    {
        Interlocked.Add(ref exported ? ref _exported : ref _failed, count);
        Interlocked.Add(ref _inside, -count);
    }

    /// <summary>A batch held in memory was written to the retry directory: its places are free, its items still pending.</summary>
    public void MoveToDisk(long count)
    {
        Interlocked.Add(ref _stored, count);
        Interlocked.Add(ref _inside, -count);
    }

    /// <summary>Records the outcome of a batch this run stored on disk.</summary>
    public void LeaveDisk(long count, bool exported)
    {
        Interlocked.Add(ref exported ? ref _exported : ref _failed, count);
        Interlocked.Add(ref _stored, -count);
    }

    /// <summary>A stored batch was removed to keep the directory under its limit; <paramref name="ofThisRun"/> says whose.</summary>
    public void Evict(long count, bool ofThisRun)
    {
        Interlocked.Add(ref _evicted, count);
        if (ofThisRun)
        {
            LeaveDisk(count, exported: false);
        }
    }

    /// <summary>A batch an earlier run stored was delivered by this one.</summary>
    public void Recover(long count) => Interlocked.Add(ref _recovered, count);
}
