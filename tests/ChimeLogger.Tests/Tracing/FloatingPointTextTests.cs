using System.Diagnostics;
using System.Globalization;
using ChimeLogger.Instrumentation;
using ChimeLogger.Tracing;

namespace ChimeLogger.Tests.Tracing;

/// <summary>
/// Floating-point numbers that ChimeLogger turns into text never carry an exponent, on every path: SetAttribute,
/// completion and error metadata, nested metadata written as JSON, and the values generated code formats. The herald
/// writes the numbers it formats itself the same way (docs/helix-contract.md §7), and the CHIME monitor reads plain
/// decimals.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class FloatingPointTextTests
{
    [Theory]
    [InlineData(1.5e-7, "0.00000015")]
    [InlineData(-1.5e-7, "-0.00000015")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(1.2345678901234567e20, "123456789012345670000")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(-2.5e16, "-25000000000000000")]
    [InlineData(12345678901234568.0, "12345678901234568")] // seventeen digits, all before the point
    [InlineData(1234567890123456.8, "1234567890123456.8")] // the point before the last of seventeen digits
    [InlineData(0.0001, "0.0001")]
    [InlineData(1.0000000000000002, "1.0000000000000002")]
    [InlineData(556.2, "556.2")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void A_double_is_written_with_its_shortest_digits_and_no_exponent(double value, string expected)
    {
        Assert.Equal(expected, FixedNotation.Of(value));
        Assert.Equal(value, double.Parse(expected.Replace("+Inf", "Infinity").Replace("-Inf", "-Infinity"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_smallest_double_is_written_out_to_its_last_digit()
    {
        Assert.Equal("0." + new string('0', 323) + "5", FixedNotation.Of(double.Epsilon));
        Assert.Equal("-0." + new string('0', 323) + "5", FixedNotation.Of(-double.Epsilon));
    }

    [Fact]
    public void Single_and_half_precision_numbers_keep_their_own_shortest_digits()
    {
        Assert.Equal("0.00000015", FixedNotation.Of(1.5e-7f));
        Assert.Equal("0.1", FixedNotation.Of(0.1f)); // not the 0.10000000149011612 of the widened double
        Assert.Equal("100000000000000000000", FixedNotation.Of(1e20f));
        Assert.Equal("-Inf", FixedNotation.Of(float.NegativeInfinity));
        Assert.Equal("0.00000006", FixedNotation.Of(Half.Epsilon));
        Assert.Equal("65500", FixedNotation.Of(Half.MaxValue));
        Assert.Equal("NaN", FixedNotation.Of(Half.NaN));
        Assert.Equal("+Inf", FixedNotation.Of(Half.PositiveInfinity)); // as Go writes it, not .NET's "∞"
        Assert.Equal("-Inf", FixedNotation.Of(Half.NegativeInfinity));
        Assert.Equal("+Inf", FixedNotation.Of(float.PositiveInfinity));
        Assert.Equal("NaN", FixedNotation.Of(float.NaN));
    }

    [Fact]
    public void Every_path_that_stringifies_a_span_value_writes_small_and_large_numbers_without_an_exponent()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            using TelemetryHarness harness = new();
            using (HelixToken op = harness.Tracer.Operate("classify", "evt-1", "event"))
            {
                op.SetAttribute("helix.chime.width", 1.5e-7);
                op.SetAttribute("helix.chime.boxed", (object)2.5e-8);
                op.SetAttribute("helix.chime.single", (object)3.25e-6f);
                op.SetAttribute("helix.chime.half", (object)(Half)0.00006f);
                op.SetAttribute("helix.chime.decimal", (object)0.0000001m);
                op.SetAttribute("helix.chime.list", new List<double> { 1e-7, 2e22, double.NaN });
                op.AddError(new Dictionary<string, object?> { ["message"] = "too_faint", ["flux"] = 4e-9 });
                op.Complete(new Dictionary<string, object?> { ["helix.chime.fluence"] = 7.5e-12, ["helix.chime.energy"] = 1e30 });
            }

            Activity span = harness.SingleSpan("classify");
            Assert.Equal("0.00000015", span.GetTagItem("helix.chime.width"));
            Assert.Equal("0.000000025", span.GetTagItem("helix.chime.boxed"));
            Assert.Equal("0.00000325", span.GetTagItem("helix.chime.single"));
            Assert.Equal("0.00006", span.GetTagItem("helix.chime.half"));
            Assert.Equal("0.0000001", span.GetTagItem("helix.chime.decimal"));
            Assert.Equal("[0.0000001,20000000000000000000000,\"NaN\"]", span.GetTagItem("helix.chime.list"));
            Assert.Equal("0.0000000000075", span.GetTagItem("helix.chime.fluence"));
            Assert.Equal("1000000000000000000000000000000", span.GetTagItem("helix.chime.energy"));
            Assert.Equal("0.000000004", Assert.Single(span.Events).Tags.Single(t => t.Key == "flux").Value);
            Assert.DoesNotContain(span.TagObjects, tag => tag.Key.StartsWith("helix.chime.", StringComparison.Ordinal) && tag.Value is string text && text.Contains('E', StringComparison.Ordinal));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Values_generated_code_formats_carry_no_exponent_either()
    {
        Assert.Equal("0.00000015", InstrumentedValues.FormatInvariant(1.5e-7));
        Assert.Equal("0.00000015", InstrumentedValues.FormatInvariant(1.5e-7f));
        Assert.Equal("100000000000000000000", InstrumentedValues.FormatInvariant((double?)1e20));
        Assert.Equal("0.00006", InstrumentedValues.FormatInvariant((Half)0.00006f));
        Assert.Equal("12", InstrumentedValues.FormatInvariant(12));
        Assert.Equal("0.000000025", InstrumentedValues.FormatEntityId<object>(2.5e-8));
        Assert.Equal("+Inf", InstrumentedValues.FormatEntityId(double.PositiveInfinity));
    }
}
