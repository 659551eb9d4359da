using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

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
    [Fact]
    public void Batches_an_earlier_run_left_count_against_the_limit_and_are_evicted_first()
    {
        using (DiskBatchStore earlier = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20))
        {
            earlier.Write(new byte[8], count: 8);
        }

        using DiskBatchStore store = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 10);
        IReadOnlyList<StoredBatch> evicted = store.Write(new byte[4], count: 4);

        StoredBatch old = Assert.Single(evicted);
        Assert.Equal((8, 8L, false), (old.Count, old.Length, old.OfThisRun));
        StoredBatch kept = store.Oldest()!;
        Assert.Equal((4, 4L, true), (kept.Count, kept.Length, kept.OfThisRun));
        Assert.Single(Directory.GetFiles(store.Directory, "*.batch"));
    }

    [Fact]
    public void A_batch_alone_over_the_limit_is_evicted_itself()
    {
        using DiskBatchStore store = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 3);

        IReadOnlyList<StoredBatch> evicted = store.Write(new byte[4], count: 2);

        Assert.Equal((2, true), (Assert.Single(evicted).Count, evicted[0].OfThisRun));
        Assert.Null(store.Oldest());
        Assert.Empty(Directory.GetFiles(store.Directory, "*.batch"));
    }

    [Fact]
    public void Removed_and_unreadable_batches_no_longer_count_against_the_limit()
    {
        using DiskBatchStore store = DiskBatchStore.Open(_root, "logs", s_endpoint, limitBytes: 10);
        store.Write(new byte[4], count: 1);
        store.Write(new byte[4], count: 2);
        StoredBatch delivered = store.Oldest()!;
        store.Remove(delivered);
        StoredBatch lost = store.Oldest()!;
        File.Delete(lost.Path);

        Assert.Null(store.Read(lost));
        Assert.Null(store.Oldest());
        Assert.False(File.Exists(delivered.Path));
        Assert.Empty(store.Write(new byte[5], count: 3)); // 5 of 10 bytes: the two forgotten batches take no room
        Assert.Empty(store.Write(new byte[5], count: 4));
        Assert.Equal(3, store.Oldest()!.Count);
    }

    [Fact]
    public void Only_files_named_as_batches_with_an_item_count_are_taken_from_an_earlier_run()
    {
        string directory = DiskBatchStore.DirectoryFor(_root, "traces", s_endpoint);
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "0638000000000000001-aaaaaaaa-0000000001.12.batch"), [1]);
        File.WriteAllBytes(Path.Combine(directory, "0638000000000000002-aaaaaaaa-0000000002.batch"), [2]);
        File.WriteAllBytes(Path.Combine(directory, "0638000000000000003-aaaaaaaa-0000000003.x1.batch"), [3]);
        File.WriteAllBytes(Path.Combine(directory, "0638000000000000004-aaaaaaaa-0000000004.-5.batch"), [4]);
        File.WriteAllBytes(Path.Combine(directory, ".7.batch"), [5]);
        File.WriteAllBytes(Path.Combine(directory, "0638000000000000000-aaaaaaaa-0000000000.0.batch"), [6]);
        File.WriteAllBytes(Path.Combine(directory, "notes.txt"), [7]);

        using DiskBatchStore store = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20);

        StoredBatch first = store.Oldest()!;
        Assert.Equal((0, false), (first.Count, first.OfThisRun)); // oldest by name first
        Assert.Equal([6], store.Read(first));
        store.Remove(first);
        Assert.Equal(12, store.Oldest()!.Count);
        store.Remove(store.Oldest()!);
        Assert.Null(store.Oldest());
    }

    [Theory]
    [InlineData("https://[::1]:4318/otlp/", "https____1__4318_otlp")]
    [InlineData("http://herald.example:4317", "http_herald.example_4317")]
    [InlineData("https://herald-1.example/", "https_herald-1.example_443")]
    public void Each_endpoint_gets_a_folder_name_valid_on_every_file_system(string endpoint, string folder)
    {
        Assert.Equal(Path.Combine(_root, "logs", folder), DiskBatchStore.DirectoryFor(_root, "logs", new Uri(endpoint)));
    }

    [Fact]
    public void Batch_files_are_named_oldest_first_with_their_item_count()
    {
        using DiskBatchStore store = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20);
        store.Write([1], count: 5);
        store.Write([2], count: 6);

        string[] names = Directory.GetFiles(store.Directory, "*.batch").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

        Assert.Equal(2, names.Length);
        Assert.Matches(@"^\d{19}-[0-9a-f]{8}-0000000001\.5\.batch$", names[0]);
        Assert.Matches(@"^\d{19}-[0-9a-f]{8}-0000000002\.6\.batch$", names[1]);
        Assert.Empty(Directory.GetFiles(store.Directory, "*.tmp"));
    }

    [Fact]
    public void Each_batch_an_earlier_run_stored_takes_its_delivery_kind_from_its_file_name()
    {
        using (DiskBatchStore earlier = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20))
        {
            earlier.Write([1], count: 1);
            earlier.Write([2], count: 1, DeliveryTag.Creations(7));
            earlier.Write([3], count: 1, DeliveryTag.After(7));
            earlier.Write([4], count: 1);
        }

        List<DeliveryKind> kinds = [];
        using DiskBatchStore next = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20, kind =>
        {
            kinds.Add(kind);
            return DeliveryTag.Plain;
        });

        Assert.Equal([DeliveryKind.Plain, DeliveryKind.Creations, DeliveryKind.Dependents, DeliveryKind.Plain], kinds);
    }

    [Fact]
    public void A_batch_file_that_cannot_be_deleted_is_forgotten_without_an_error()
    {
        using DiskBatchStore store = DiskBatchStore.Open(_root, "traces", s_endpoint, limitBytes: 1 << 20);
        store.Write([1, 2], count: 2);
        StoredBatch batch = store.Oldest()!;
        Directory.Delete(store.Directory, recursive: true);
        File.WriteAllText(store.Directory, "not a directory"); // deleting a file under it now fails with an IOException

        store.Remove(batch);

        Assert.Null(store.Oldest());
    }
}
