using System.Globalization;
using System.Text;

namespace ChimeLogger.Export;

/// <summary>
/// The disk half of disk retry for one signal and one endpoint: <c>{retry path}/{traces|logs}/{endpoint}/</c>, one
/// file per batch holding the export request exactly as it is sent, named so that names sort oldest first
/// (<c>{UTC ticks}-{run}-{sequence}.{item count}.batch</c>, with <c>-c</c> or <c>-d</c> after the sequence for a request
/// of creations or of what waits for them, so that the next run keeps the herald's write order: <see cref="DeliveryTag"/>). A file is written under a temporary name and renamed, so
/// a crash never leaves half a batch to send. The directory is kept under a size limit by removing the oldest
/// batches. One process at a time owns the directory (an exclusive lock on <c>.owner.lock</c>, released by the
/// system when the process ends, even by <c>kill -9</c>); a second process sharing it keeps to memory retry, so
/// that no batch is sent twice by two senders.
/// </summary>
internal sealed class DiskBatchStore : IDisposable
{
    private const string Extension = ".batch";
    private const string TemporaryExtension = ".tmp";
    private const string CreationsMark = "-c";
    private const string DependentsMark = "-d";
    private readonly Lock _gate = new();
    private readonly List<StoredBatch> _batches = [];
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly long _limitBytes;
    private FileStream? _ownerLock;
    private long _sequence;
    private long _bytes;

    private DiskBatchStore(string directory, long limitBytes)
    {
        Directory = directory;
        _limitBytes = limitBytes;
    }

    public string Directory { get; }

    public long LimitBytes => _limitBytes;

    /// <summary>The folder of <paramref name="signal"/> batches for <paramref name="endpoint"/> under <paramref name="root"/>.</summary>
    public static string DirectoryFor(string root, string signal, Uri endpoint) =>
        Path.Combine(root, signal, EndpointFolder(endpoint));

    /// <summary>
    /// Opens the directory: takes its lock, removes temporary files a crash left, and lists the batches earlier runs
    /// stored. Throws <see cref="IOException"/> (another process owns it, or the disk refuses) or
    /// <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    /// <param name="root">The retry directory.</param>
    /// <param name="signal"><c>traces</c> or <c>logs</c>.</param>
    /// <param name="endpoint">The endpoint the batches are for.</param>
    /// <param name="limitBytes">The most the folder may hold.</param>
    /// <param name="order">Gives each batch of an earlier run its place in the write order, from its kind, oldest first; none: plain.</param>
    public static DiskBatchStore Open(string root, string signal, Uri endpoint, long limitBytes, Func<DeliveryKind, DeliveryTag>? order = null)
    {
        DiskBatchStore store = new(DirectoryFor(root, signal, endpoint), limitBytes);
        System.IO.Directory.CreateDirectory(store.Directory);
        store._ownerLock = new FileStream(Path.Combine(store.Directory, ".owner.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        try
        {
            foreach (string temporary in System.IO.Directory.EnumerateFiles(store.Directory, "*" + TemporaryExtension))
            {
                File.Delete(temporary);
            }

            foreach (string path in System.IO.Directory.EnumerateFiles(store.Directory, "*" + Extension).Order(StringComparer.Ordinal))
            {
                if (TryParseCount(path, out int count))
                {
                    long length = new FileInfo(path).Length;
                    store._batches.Add(new StoredBatch(path, count, length, OfThisRun: false, order?.Invoke(KindOf(path)) ?? DeliveryTag.Plain));
                    store._bytes += length;
                }
            }
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>
    /// Writes a batch, then removes the oldest batches while the directory is over its limit; returns those removed
    /// (the new batch among them when it alone is over the limit). Throws <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when the disk is full or the directory cannot be written; nothing
    /// is left behind then.
    /// </summary>
    public IReadOnlyList<StoredBatch> Write(byte[] body, int count, DeliveryTag tag = default)
    {
        string kind = tag.Kind switch { DeliveryKind.Creations => CreationsMark, DeliveryKind.Dependents => DependentsMark, _ => "" };
        string name = string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow.Ticks:D19}-{_run}-{Interlocked.Increment(ref _sequence):D10}{kind}.{count}{Extension}");
        string path = Path.Combine(Directory, name);
        string temporary = path + TemporaryExtension;
        try
        {
            using (FileStream file = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
            {
                file.Write(body);
                file.Flush(flushToDisk: false);
            }

            File.Move(temporary, path);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        List<StoredBatch> evicted = [];
        lock (_gate)
        {
            _batches.Add(new StoredBatch(path, count, body.Length, OfThisRun: true, tag));
            _bytes += body.Length;
            while (_bytes > _limitBytes && _batches.Count > 0)
            {
                StoredBatch oldest = _batches[0];
                _batches.RemoveAt(0);
                _bytes -= oldest.Length;
                TryDelete(oldest.Path);
                evicted.Add(oldest);
            }
        }

        return evicted;
    }

    /// <summary>The oldest stored batch, if any.</summary>
    public StoredBatch? Oldest()
    {
        lock (_gate)
        {
            return _batches.Count > 0 ? _batches[0] : null;
        }
    }

    /// <summary>The oldest stored batch that <paramref name="ready"/> accepts, if any.</summary>
    public StoredBatch? Oldest(Func<StoredBatch, bool> ready)
    {
        lock (_gate)
        {
            foreach (StoredBatch batch in _batches)
            {
                if (ready(batch))
                {
                    return batch;
                }
            }

            return null;
        }
    }

    /// <summary>Reads a stored batch; <see langword="null"/> when the file is gone or unreadable (it is then forgotten).</summary>
    public byte[]? Read(StoredBatch batch)
    {
        try
        {
            return File.ReadAllBytes(batch.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Forget(batch);
            return null;
        }
    }

    /// <summary>Removes a batch that was delivered (or could not be read).</summary>
    public void Remove(StoredBatch batch)
    {
        TryDelete(batch.Path);
        Forget(batch);
    }

    public void Dispose()
    {
        _ownerLock?.Dispose();
        _ownerLock = null;
    }

    private void Forget(StoredBatch batch)
    {
        lock (_gate)
        {
            if (_batches.Remove(batch))
            {
                _bytes -= batch.Length;
            }
        }
    }

    private static bool TryParseCount(string path, out int count)
    {
        // {ticks}-{run}-{sequence}.{count}.batch
        string name = Path.GetFileNameWithoutExtension(path);
        int dot = name.LastIndexOf('.');
        count = 0;
        return dot > 0 && int.TryParse(name.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= 0;
    }

    // {ticks}-{run}-{sequence}[-c|-d].{count}.batch; names without a mark (plain, or from an earlier version) are plain.
    private static DeliveryKind KindOf(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        int dot = name.LastIndexOf('.');
        ReadOnlySpan<char> stem = dot > 0 ? name.AsSpan(0, dot) : name;
        return stem.EndsWith(CreationsMark, StringComparison.Ordinal) ? DeliveryKind.Creations
            : stem.EndsWith(DependentsMark, StringComparison.Ordinal) ? DeliveryKind.Dependents
            : DeliveryKind.Plain;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next open lists it again; a batch left behind is at worst sent once more.
        }
    }

    // http://127.0.0.1:4317/ -> http_127.0.0.1_4317: one folder per endpoint, readable, valid on every file system.
    private static string EndpointFolder(Uri endpoint)
    {
        StringBuilder folder = new();
        foreach (char c in $"{endpoint.Scheme}_{endpoint.Host}_{endpoint.Port.ToString(CultureInfo.InvariantCulture)}{endpoint.AbsolutePath.TrimEnd('/')}")
        {
            folder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return folder.ToString();
    }
}
