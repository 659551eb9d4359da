namespace ChimeLogger.Export;

/// <summary>A batch file of <see cref="DiskBatchStore"/>: its path, item count, size, whether this run wrote it, and its place in the write order.</summary>
internal sealed record StoredBatch(string Path, int Count, long Length, bool OfThisRun, DeliveryTag Tag = default);
