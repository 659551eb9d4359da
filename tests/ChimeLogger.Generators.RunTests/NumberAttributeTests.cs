using System.Diagnostics;
using ChimeLogger.Generators.RunTests.Infrastructure;

namespace ChimeLogger.Generators.RunTests;

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

/// <summary>Generated code formats floating-point [SpanAttribute] and [ResourceName] values without an exponent.</summary>
[Collection(ProcessTelemetryCollection.Name)]
public sealed class NumberAttributeTests
{
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
