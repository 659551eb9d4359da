using System.Collections;
using System.Collections.Immutable;
using ChimeLogger.Instrumentation;

namespace ChimeLogger.Tests.Instrumentation;

/// <summary>
/// How generated code reads <c>[Parents]</c>, once and without ever breaking the call: a collection is handed on as the
/// same object with its ids, a lazy sequence is enumerated once, whatever a collection claims its count is the ids it
/// holds are read, and a sequence or collection that throws gives no ids, a warning, and replays or hands on what it was.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ParentReadingTests
{
    [Fact]
    public void A_collection_is_returned_as_the_same_object_with_its_ids()
    {
        List<string> list = ["a", "b"];
        string[] array = ["c"];
        ImmutableArray<string> immutable = ["d", "e"];

        Assert.Same(list, InstrumentedValues.ReadParents(list, "M", out IReadOnlyList<string?>? fromList));
        Assert.Same(array, InstrumentedValues.ReadParents(array, "M", out IReadOnlyList<string?>? fromArray));
        InstrumentedValues.ReadParents(immutable, "M", out IReadOnlyList<string?>? fromImmutable);

        Assert.Equal(["a", "b"], fromList!);
        Assert.Same(array, fromArray);
        Assert.Equal(["d", "e"], fromImmutable!);
    }

    [Fact]
    public void A_lazy_sequence_is_enumerated_once_and_what_was_read_is_returned()
    {
        int enumerations = 0;
        IEnumerable<string> Lazy()
        {
            enumerations++;
            yield return "a";
            yield return "b";
        }

        IEnumerable<string?> forCore = InstrumentedValues.ReadParents(Lazy(), "M", out IReadOnlyList<string?>? ids);

        Assert.Equal(["a", "b"], forCore);
        Assert.Same(ids, forCore);
        Assert.Equal(1, enumerations);
    }

    [Fact]
    public void A_sequence_that_throws_gives_no_ids_and_replays_the_same_ids_and_exception_once_then_reads_the_source_again()
    {
        int enumerations = 0;
        InvalidOperationException failure = new("gone");
        IEnumerable<string> Failing()
        {
            enumerations++;
            yield return "a";
            if (enumerations == 1)
            {
                throw failure;
            }
        }

        IEnumerable<string?> forCore = InstrumentedValues.ReadParents(Failing(), "M", out IReadOnlyList<string?>? ids);

        Assert.Null(ids);
        List<string?> replayed = new();
        InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (string? id in forCore)
            {
                replayed.Add(id);
            }
        });
        Assert.Same(failure, thrown);
        Assert.Equal(["a"], replayed);
        Assert.Equal(1, enumerations);

        Assert.Equal(["a"], forCore.ToList());
        Assert.Equal(2, enumerations);
    }

    [Fact]
    public void A_default_immutable_array_gives_no_ids_and_is_returned_as_it_is()
    {
        IEnumerable<string?> forCore = InstrumentedValues.ReadParents(default(ImmutableArray<string>), "M", out IReadOnlyList<string?>? ids);

        Assert.Null(ids);
        Assert.True(((ImmutableArray<string>)forCore).IsDefault);
    }

    [Fact]
    public void Null_parents_give_null()
    {
        Assert.Null(InstrumentedValues.ReadParents(null, "M", out IReadOnlyList<string?>? ids));
        Assert.Null(ids);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(4097)]
    [InlineData(int.MaxValue)]
    public void A_collection_whose_count_lies_still_gives_the_ids_it_holds(int claimedCount)
    {
        using TelemetryHarness harness = new();
        ClaimingCollection parents = new(claimedCount, ["blk-1", "blk-2"]);

        IEnumerable<string?> forMethod = InstrumentedValues.ReadParents(parents, "M", out IReadOnlyList<string?>? ids);

        Assert.Same(parents, forMethod);
        Assert.Equal(["blk-1", "blk-2"], ids!);
        Assert.Empty(harness.Warnings);
    }

    [Fact]
    public void A_collection_of_up_to_4096_ids_gives_them_all()
    {
        string[] many = [.. Enumerable.Range(0, 4096).Select(i => $"blk-{i}")];
        ClaimingCollection parents = new(4096, many);

        InstrumentedValues.ReadParents(parents, "M", out IReadOnlyList<string?>? ids);

        Assert.Equal(many, ids!);
    }

    [Fact]
    public void A_read_only_collection_is_handed_to_the_method_as_the_same_object()
    {
        ReadOnlyOnly parents = new(["blk-1"]);

        IEnumerable<string?> forMethod = InstrumentedValues.ReadParents(parents, "M", out IReadOnlyList<string?>? ids);

        Assert.Same(parents, forMethod);
        Assert.Equal(["blk-1"], ids!);
    }

    [Fact]
    public void A_collection_that_throws_while_read_gives_no_ids_a_warning_and_is_handed_on_as_it_is()
    {
        using TelemetryHarness harness = new();
        ClaimingCollection parents = new(2, ["blk-1"]) { Throws = true };

        IEnumerable<string?> forMethod = InstrumentedValues.ReadParents(parents, "Classify", out IReadOnlyList<string?>? ids);

        Assert.Same(parents, forMethod);
        Assert.Null(ids);
        string warning = Assert.Single(harness.Warnings).FormattedMessage ?? "";
        Assert.StartsWith($"Reading the [Parents] of Classify threw {nameof(InvalidOperationException)}", warning, StringComparison.Ordinal);
    }

    /// <summary>A collection that claims any count and may throw once enumerated.</summary>
    private sealed class ClaimingCollection(int count, string[] items) : ICollection<string?>
    {
        public bool Throws { get; init; }

        public int Count => count;

        public bool IsReadOnly => true;

        public IEnumerator<string?> GetEnumerator()
        {
            foreach (string item in items)
            {
                yield return item;
            }

            if (Throws)
            {
                throw new InvalidOperationException("collection changed");
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void Add(string? item) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();

        public bool Contains(string? item) => items.Contains(item);

        public void CopyTo(string?[] array, int arrayIndex) => items.CopyTo(array, arrayIndex);

        public bool Remove(string? item) => throw new NotSupportedException();
    }

    /// <summary>A collection known only as <see cref="IReadOnlyCollection{T}"/>.</summary>
    private sealed class ReadOnlyOnly(string[] items) : IReadOnlyCollection<string?>
    {
        public int Count => items.Length;

        public IEnumerator<string?> GetEnumerator() => ((IEnumerable<string?>)items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
