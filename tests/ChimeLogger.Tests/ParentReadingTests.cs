using System.Collections;
using ChimeLogger.Instrumentation;

namespace ChimeLogger.Tests;

/// <summary>
/// Reading <c>[Parents]</c> never breaks the call, whatever the collection claims: a count that lies (negative, huge)
/// still gives the ids it holds; a collection known only as read-only is handed to the method as the same object; a
/// collection that throws while read gives no ids, a warning, and is handed on as it is.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ParentReadingTests
{
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
