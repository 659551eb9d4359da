using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Tests.Model;

/// <summary>
/// The generator's models hold <see cref="EquatableArray{T}"/> so that the incremental pipeline can tell an unchanged
/// model from a changed one by value, and group equal methods (<c>Distinct</c>) by hash and equality.
/// </summary>
public class EquatableArrayTests
{
    [Fact]
    public void Arrays_with_the_same_elements_are_equal_and_hash_alike()
    {
        EquatableArray<string> first = new(["a", "b"]);
        EquatableArray<string> second = new(new List<string> { "a", "b" });

        Assert.True(first == second);
        Assert.False(first != second);
        Assert.True(first.Equals((object)second));
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.True(default(EquatableArray<string>) == EquatableArray<string>.Empty);
        Assert.Equal(EquatableArray<string>.Empty.GetHashCode(), default(EquatableArray<string>).GetHashCode());
    }

    [Fact]
    public void Arrays_that_differ_in_one_element_or_in_length_are_not_equal()
    {
        EquatableArray<string> original = new(["a", "b"]);

        Assert.True(original != new EquatableArray<string>(["a", "c"]));
        Assert.False(original == new EquatableArray<string>(["a", "c"]));
        Assert.True(original != new EquatableArray<string>(["a"]));
        Assert.True(original != EquatableArray<string>.Empty);
        Assert.False(original.Equals((object)"a"));
    }

    [Fact]
    public void Different_arrays_get_different_hashes_and_null_elements_hash_without_throwing()
    {
        int[] hashes =
        [
            EquatableArray<string>.Empty.GetHashCode(),
            new EquatableArray<string>(["b"]).GetHashCode(),
            new EquatableArray<string>(["a", "b"]).GetHashCode(),
            new EquatableArray<string>(["b", "a"]).GetHashCode(),
            new EquatableArray<string>(["a", "b", "c"]).GetHashCode(),
        ];

        Assert.Equal(hashes.Length, hashes.Distinct().Count());

        EquatableArray<string> withNull = new([null!, "a"]);
        Assert.Equal(withNull.GetHashCode(), new EquatableArray<string>([null!, "a"]).GetHashCode());
        Assert.NotEqual(withNull.GetHashCode(), new EquatableArray<string>(["a"]).GetHashCode());
    }

    [Fact]
    public void A_default_array_reads_as_empty()
    {
        EquatableArray<string> array = default;

        int count = array.Count;
        Assert.Equal(0, count);
        Assert.True(array.IsEmpty);
        Assert.Empty(array);
        Assert.False(new EquatableArray<string>(["a"]).IsEmpty);
        Assert.Equal(["x", "y"], new[] { "x", "y" }.ToEquatableArray());
    }
}
