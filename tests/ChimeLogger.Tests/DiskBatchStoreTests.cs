using ChimeLogger.Export;

namespace ChimeLogger.Tests;

/// <summary>The disk half of disk retry: files per batch, oldest first, a size limit, one owner, no half-written batch.</summary>
public sealed class DiskBatchStoreTests : IDisposable
{
    private static readonly Uri s_endpoint = new("http://127.0.0.1:4317");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "chimelogger-store-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Batches_are_kept_per_signal_and_endpoint_and_read_back_oldest_first_by_the_next_owner()
    {
        using (DiskBatchStore store = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20))
        {
            Assert.Empty(store.Write([1, 2, 3], count: 3));
            Assert.Empty(store.Write([4, 5], count: 2));
            Assert.Equal(Path.Combine(_root, "traces", "http_127.0.0.1_4317"), store.Directory);
        }

        using DiskBatchStore next = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20);
        StoredBatch first = next.Oldest()!;
        Assert.Equal((3, false), (first.Count, first.OfThisRun));
        Assert.Equal([1, 2, 3], next.Read(first));
        next.Remove(first);
        StoredBatch second = next.Oldest()!;
        Assert.Equal([4, 5], next.Read(second));
        next.Remove(second);
        Assert.Null(next.Oldest());

        using DiskBatchStore elsewhere = DiskBatchStore.Open(_root, "traces", new Uri("http://herald.example:4317"), limitBytes: 1 << 20);
        Assert.Null(elsewhere.Oldest());
    }

    [Fact]
    public void Over_the_limit_the_oldest_batches_are_removed_and_returned()
    {
        using DiskBatchStore store = DiskBatchStore.Open(_root, "logs", s_endpoint, limitBytes: 10);
        Assert.Empty(store.Write(new byte[4], count: 40));
        Assert.Empty(store.Write(new byte[4], count: 41));
        IReadOnlyList<StoredBatch> evicted = store.Write(new byte[4], count: 42);

        Assert.Equal(40, Assert.Single(evicted).Count);
        Assert.Equal(41, store.Oldest()!.Count);
        Assert.Equal(2, Directory.GetFiles(store.Directory, "*.batch").Length);
    }

    [Fact]
    public void A_second_process_cannot_own_the_directory_while_the_first_does()
    {
        using DiskBatchStore owner = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20);
        Assert.ThrowsAny<IOException>(() => DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20));
    }

    [Fact]
    public void A_batch_half_written_by_a_crash_is_never_sent()
    {
        string directory = DiskBatchStore.DirectoryFor(_root, "traces", s_endpoint);
        Directory.CreateDirectory(directory);
        string torn = Path.Combine(directory, "0638999999999999999-deadbeef-0000000001.7.batch.tmp");
        File.WriteAllBytes(torn, [9, 9]);

        using DiskBatchStore store = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20);
        Assert.Null(store.Oldest());
        Assert.False(File.Exists(torn));
    }

    [Fact]
    public void A_write_into_a_directory_that_is_gone_throws_and_leaves_nothing_counted()
    {
        using DiskBatchStore store = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20);
        Directory.Delete(store.Directory, recursive: true);
        File.WriteAllText(store.Directory, "not a directory");

        Assert.ThrowsAny<IOException>(() => store.Write([1], count: 1));
        Assert.Null(store.Oldest());
    }
}
