using ChimeLogger.Diagnostics;

namespace ChimeLogger.Export;

/// <summary>
/// The retry backlog's disk side (disk retry): the <see cref="DiskBatchStore"/> of one signal, opened when the backlog
/// starts, and the counting of what goes in and comes out of it at the <see cref="ExportGate"/>. A batch that outlives the
/// retry window, or any batch while memory holds more than half of the queue's bound, is written here; stored batches
/// are sent before those in memory (they are older). What the store cannot take is said (at most once a minute) and
/// counted as failed by the backlog; a store another process owns leaves this run to memory retry, with a warning.
/// </summary>
/// <param name="root">The retry directory (<see cref="ChimeLoggerOptions.ExportRetryPath"/>).</param>
/// <param name="signal"><c>traces</c> or <c>logs</c>.</param>
/// <param name="endpoint">The endpoint the batches are for: each has its own folder.</param>
/// <param name="limitBytes">The most the folder may hold.</param>
/// <param name="counts">The gate of the signal.</param>
/// <param name="deliveries">The herald's write order, for ordered delivery: an evicted creations request frees what waits for it.</param>
/// <param name="warnings">Where the warnings go.</param>
internal sealed class DiskRetry(
    string root, string signal, Uri endpoint, long limitBytes, ExportGate counts, CreationDeliveries? deliveries, WarningLog warnings) : IDisposable
{
    private readonly WarningThrottle _writeFailures = new(WarningThrottle.OncePerMinute);
    private DiskBatchStore? _store;

    /// <summary>Whether the store is open: batches can be written to it.</summary>
    public bool IsOpen => _store is not null;

    /// <summary>The folder of this signal's batches, once the store is open.</summary>
    public string? Directory => _store?.Directory;

    /// <summary>Opens the store; the batches an earlier run left there take their place in this run's write order.</summary>
    public void Open()
    {
        try
        {
            _store = DiskBatchStore.Open(root, signal, endpoint, limitBytes, deliveries?.EarlierRunOrder());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string directory = DiskBatchStore.DirectoryFor(root, signal, endpoint);
            ChimeWarnings.DiskRetryUnavailable(warnings.Logger, signal, directory, ex.Message);
        }
    }

    /// <summary>
    /// Writes <paramref name="batch"/>: its places at the gate are free, its items still pending. Batches removed to keep the
    /// folder under its limit are counted as evicted. <see langword="false"/> when the disk refused (said, at most once a minute).
    /// </summary>
    public bool TryStore(ParkedBatch batch)
    {
        if (_store is null)
        {
            return false;
        }

        try
        {
            IReadOnlyList<StoredBatch> evicted = _store.Write(batch.Body, batch.Count, batch.Tag);
            counts.MoveToDisk(batch.Count);
            if (evicted.Count > 0)
            {
                long items = 0;
                foreach (StoredBatch old in evicted)
                {
                    counts.Evict(old.Count, old.OfThisRun);
                    deliveries?.Settle(old.Tag, accepted: false);
                    items += old.Count;
                }

                ChimeWarnings.StoredBatchesEvicted(warnings.Logger, items, signal, _store.Directory, _store.LimitBytes / (1024.0 * 1024.0));
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteFailed(ex.Message);
            return false;
        }
    }

    /// <summary>The oldest stored batch that <paramref name="ready"/> lets go now, if any.</summary>
    public StoredBatch? Oldest(Func<StoredBatch, bool> ready) => _store?.Oldest(ready);

    /// <summary>
    /// Reads a stored batch; <see langword="null"/> when it is unreadable (removed by hand, a disk error): the store forgets
    /// it, and it is lost (counted as failed when this run stored it).
    /// </summary>
    public byte[]? Read(StoredBatch batch)
    {
        byte[]? body = _store!.Read(batch);
        if (body is null)
        {
            if (batch.OfThisRun)
            {
                counts.LeaveDisk(batch.Count, exported: false);
            }

            deliveries?.Settle(batch.Tag, accepted: false);
        }

        return body;
    }

    /// <summary>The herald answered a stored batch: it is removed and its outcome counted (an earlier run's, when delivered, as recovered).</summary>
    public void Answered(StoredBatch batch, bool accepted)
    {
        _store!.Remove(batch);
        deliveries?.Settle(batch.Tag, accepted);
        if (batch.OfThisRun)
        {
            counts.LeaveDisk(batch.Count, accepted);
        }
        else if (accepted)
        {
            counts.Recover(batch.Count);
        }
    }

    /// <summary>Says, at most once a minute, that the retry directory could not be written.</summary>
    public void WriteFailed(string reason)
    {
        if (_writeFailures.Occurred())
        {
            ChimeWarnings.DiskRetryWriteFailed(warnings.Logger, signal, _store?.Directory ?? root, reason);
        }
    }

    public void Dispose() => _store?.Dispose();
}
