using System.Diagnostics;
using System.Globalization;
using ChimeLogger.Generators.RunTests.Infrastructure;

namespace ChimeLogger.Generators.RunTests;

/// <summary>Entity ids and span attributes of the types the runtime formats itself: dates, booleans, decimals, type parameters.</summary>
public partial class FormattingStage
{
    [Create("formatted", ResourceType = "event")]
    public partial void Formatted(
        [ResourceName] DateTime at,
        [SpanAttribute("helix.chime.flag")] bool flag,
        [SpanAttribute("helix.chime.observed")] DateTimeOffset observed,
        [SpanAttribute("helix.chime.ratio")] double ratio,
        [SpanAttribute("helix.chime.gain")] decimal gain,
        [SpanAttribute("helix.chime.maybe")] DateTime? maybe);

    private void FormattedCore(DateTime at, bool flag, DateTimeOffset observed, double ratio, decimal gain, DateTime? maybe)
    {
    }

    [Operate("formatted-bool", ResourceType = "flag")]
    public partial void FlagEntity([ResourceName] bool id);

    private void FlagEntityCore(bool id)
    {
    }

    [Operate("formatted-offset", ResourceType = "event")]
    public partial void OffsetEntity([ResourceName] DateTimeOffset id);

    private void OffsetEntityCore(DateTimeOffset id)
    {
    }

    [Operate("formatted-generic", ResourceType = "event")]
    public partial void GenericEntity<TId>([ResourceName] TId id);

    private void GenericEntityCore<TId>(TId id)
    {
    }

    [Operate("formatted-member", ResourceType = "event")]
    public partial void MemberEntity([ResourceName("At")] Observation observation);

    private void MemberEntityCore(Observation observation)
    {
    }
}

public sealed class Observation
{
    public DateTime? At { get; init; }
}

/// <summary>An instrumented measurement whose span attributes are floating-point numbers of every width.</summary>
public partial class FluxMeasurement
{
    [Create("flux", ResourceType = "n2_acquisition")]
    public partial void Measure(
        [ResourceName] double beamId,
        [SpanAttribute("helix.chime.flux")] double flux,
        [SpanAttribute("helix.chime.width")] float width,
        [SpanAttribute("helix.chime.gain")] double? gain,
        [SpanAttribute("helix.chime.ratio")] Half ratio,
        [SpanAttribute("helix.chime.raw")] object raw);

    private void MeasureCore(double beamId, double flux, float width, double? gain, Half ratio, object raw)
    {
    }
}

/// <summary>
/// Values formatted as the runtime formats them, whatever the current culture: the invariant culture, round-trip dates,
/// lower-case booleans, and floating-point numbers of every width without an exponent.
/// </summary>
[Collection(ProcessTelemetryCollection.Name)]
public sealed class ValueFormattingTests
{
    [Fact]
    public void Values_are_formatted_with_the_invariant_culture_round_trip_dates_and_lower_case_booleans()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            using TelemetryScope scope = new();
            FormattingStage pipeline = new();
            DateTime at = new(2026, 11, 27, 18, 40, 2, 117, DateTimeKind.Utc);
            DateTimeOffset observed = new(2026, 11, 27, 18, 40, 2, TimeSpan.FromHours(-5));

            pipeline.Formatted(at, flag: true, observed, ratio: 1.5, gain: 2.25m, maybe: at);
            pipeline.FlagEntity(false);
            pipeline.OffsetEntity(observed);
            pipeline.GenericEntity(true);
            pipeline.GenericEntity(at);
            pipeline.MemberEntity(new Observation { At = at });

            Activity formatted = scope.Single("formatted");
            Assert.Equal("2026-11-27T18:40:02.1170000Z", formatted.GetTagItem(HelixAttributes.EntityId));
            Assert.Equal("true", formatted.GetTagItem("helix.chime.flag"));
            Assert.Equal("2026-11-27T18:40:02.0000000-05:00", formatted.GetTagItem("helix.chime.observed"));
            Assert.Equal("1.5", formatted.GetTagItem("helix.chime.ratio"));
            Assert.Equal("2.25", formatted.GetTagItem("helix.chime.gain"));
            Assert.Equal("2026-11-27T18:40:02.1170000Z", formatted.GetTagItem("helix.chime.maybe"));
            Assert.Equal("false", scope.Single("formatted-bool").GetTagItem(HelixAttributes.EntityId));
            Assert.Equal("2026-11-27T18:40:02.0000000-05:00", scope.Single("formatted-offset").GetTagItem(HelixAttributes.EntityId));
            Assert.Equal(
                ["true", "2026-11-27T18:40:02.1170000Z"],
                scope.Spans.Where(static s => s.DisplayName == "formatted-generic").Select(static s => s.GetTagItem(HelixAttributes.EntityId)));
            Assert.Equal("2026-11-27T18:40:02.1170000Z", scope.Single("formatted-member").GetTagItem(HelixAttributes.EntityId));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Small_and_large_numbers_of_every_width_reach_the_span_without_an_exponent()
    {
        using TelemetryScope scope = new();

        new FluxMeasurement().Measure(1e21, 1.5e-7, 2.5e-6f, 3e-9, (Half)0.00006f, 4e-8);

        Activity span = scope.Single("flux");
        Assert.Equal("1000000000000000000000", span.GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("0.00000015", span.GetTagItem("helix.chime.flux"));
        Assert.Equal("0.0000025", span.GetTagItem("helix.chime.width"));
        Assert.Equal("0.000000003", span.GetTagItem("helix.chime.gain"));
        Assert.Equal("0.00006", span.GetTagItem("helix.chime.ratio"));
        Assert.Equal("0.00000004", span.GetTagItem("helix.chime.raw"));
    }
}
