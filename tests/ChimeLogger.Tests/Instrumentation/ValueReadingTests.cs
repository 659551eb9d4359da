using ChimeLogger.Instrumentation;

namespace ChimeLogger.Tests.Instrumentation;

/// <summary>How generated code reads <c>[ResourceName]</c> members and formats the values it puts on a span.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class ValueReadingTests
{
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
