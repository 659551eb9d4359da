using System.Collections.Immutable;
using ChimeLogger.Instrumentation;

namespace ChimeLogger.Tests;

/// <summary>How generated code reads [Parents] and [ResourceName] members and formats values.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class InstrumentedValuesTests
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

    [Fact]
    public void Entity_ids_of_a_runtime_type_are_formatted_as_every_value_chimelogger_stringifies()
    {
        System.Globalization.CultureInfo previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("true", InstrumentedValues.FormatEntityId(true));
            Assert.Equal("1.5", InstrumentedValues.FormatEntityId<object>(1.5));
            Assert.Equal("2026-11-27T18:40:02.0000000Z", InstrumentedValues.FormatEntityId(new DateTime(2026, 11, 27, 18, 40, 2, DateTimeKind.Utc)));
            Assert.Null(InstrumentedValues.FormatEntityId<string?>(null));
            Assert.Null(InstrumentedValues.FormatEntityId<int?>(null));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Values_of_a_known_type_are_formatted_invariantly_without_a_culture_and_null_stays_null()
    {
        System.Globalization.CultureInfo previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("1.5", InstrumentedValues.FormatInvariant(1.5m));
            Assert.Equal("2.25", InstrumentedValues.FormatInvariant((float?)2.25f));
            Assert.Null(InstrumentedValues.FormatInvariant((decimal?)null));
            Assert.Null(InstrumentedValues.FormatInvariant<Version?>(null));
            Assert.Equal("2026-11-27T18:40:02.0000000Z", InstrumentedValues.FormatRoundTrip(new DateTime(2026, 11, 27, 18, 40, 2, DateTimeKind.Utc)));
            Assert.Equal("2026-11-27T18:40:02.0000000+01:00", InstrumentedValues.FormatRoundTrip((DateTimeOffset?)new DateTimeOffset(2026, 11, 27, 18, 40, 2, TimeSpan.FromHours(1))));
            Assert.Null(InstrumentedValues.FormatRoundTrip((DateTime?)null));
            Assert.Equal("2026-11-27T18:40:02.0000000Z", InstrumentedValues.FormatRoundTrip((DateTime?)new DateTime(2026, 11, 27, 18, 40, 2, DateTimeKind.Utc)));
            Assert.Equal("2026-11-27T18:40:02.0000000+01:00", InstrumentedValues.FormatRoundTrip(new DateTimeOffset(2026, 11, 27, 18, 40, 2, TimeSpan.FromHours(1))));
            Assert.Null(InstrumentedValues.FormatRoundTrip((DateTimeOffset?)null));
            Assert.Equal("false", InstrumentedValues.FormatBoolean(false));
            Assert.Equal("true", InstrumentedValues.FormatBoolean((bool?)true));
            Assert.Null(InstrumentedValues.FormatBoolean((bool?)null));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_member_that_throws_gives_no_value_and_a_warning_naming_the_method_and_member()
    {
        using TelemetryHarness harness = new();

        string? read = InstrumentedValues.ReadMember("evt-1", static id => id.Length > 0 ? throw new InvalidOperationException("getter") : id, "Classify", "ResourceName(\"EventId\")");

        Assert.Null(read);
        string warning = Assert.Single(harness.Warnings).FormattedMessage ?? string.Empty;
        Assert.Contains("ResourceName(\"EventId\")", warning, StringComparison.Ordinal);
        Assert.Contains("Classify", warning, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), warning, StringComparison.Ordinal);
        Assert.Equal("evt-2", InstrumentedValues.ReadMember("evt-2", static id => id, "Classify", "ResourceName(\"EventId\")"));
    }
}
