using System.Diagnostics;
using System.Globalization;
using ChimeLogger.Tracing;

namespace ChimeLogger.Tests.Tracing;

/// <summary>
/// Every typed <see cref="HelixToken.SetAttribute(string, object?)"/> overload and every metadata value is sent as the
/// text the herald stores (docs/helix-contract.md §2): both booleans spelled out, numbers and dates in the invariant
/// culture, dates and times round-trippable.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ValueFormattingTests
{
    [Fact]
    public void The_typed_overloads_send_invariant_text_for_both_booleans_longs_and_doubles()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            using TelemetryHarness harness = new();
            using (HelixToken op = harness.Tracer.Operate("classify", "evt-1", "event"))
            {
                op.SetAttribute("chime.flagged", true);
                op.SetAttribute("chime.rfi", false);
                op.SetAttribute("chime.samples", -1_234_567_890_123L);
                op.SetAttribute("chime.dm", 341.25);
                op.SetAttribute("chime.tiny", 0.1 + 0.2);
                op.SetAttribute("chime.note", (string?)null);
            }

            Activity span = harness.SingleSpan("classify");
            Assert.Equal("true", span.GetTagItem("chime.flagged"));
            Assert.Equal("false", span.GetTagItem("chime.rfi"));
            Assert.Equal("-1234567890123", span.GetTagItem("chime.samples"));
            Assert.Equal("341.25", span.GetTagItem("chime.dm"));
            Assert.Equal(0.1 + 0.2, double.Parse((string)span.GetTagItem("chime.tiny")!, CultureInfo.InvariantCulture)); // round-trips
            Assert.Equal("null", span.GetTagItem("chime.note"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Boxed_values_and_metadata_are_formatted_by_type()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            using TelemetryHarness harness = new();
            DateTime local = new(2026, 11, 27, 18, 40, 2, 117, DateTimeKind.Unspecified);
            using (HelixToken op = harness.Tracer.Operate("classify", "evt-1", "event"))
            {
                op.SetAttribute("chime.rfi", (object)false);
                op.SetAttribute("chime.when", (object)local);
                op.SetAttribute("chime.at", (object)new TimeOnly(18, 40, 2));
                op.SetAttribute("chime.kind", (object)DayOfWeek.Friday);
                op.SetAttribute("chime.count", (object)1_500_000);
                op.SetAttribute("chime.beams", (object)new[] { 1, 2, 3 });
                op.SetAttribute("chime.snr", (object)new Dictionary<string, double> { ["beam-1"] = 9.5 });
                op.SetAttribute("chime.missing", (object?)null);
                op.SetAttribute("chime.id", (object)new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"));
                op.Error(new Dictionary<string, object?> { ["message"] = "rfi", ["retry"] = false, ["at"] = local });
            }

            Activity span = harness.SingleSpan("classify");
            Assert.Equal("false", span.GetTagItem("chime.rfi"));
            Assert.Equal("2026-11-27T18:40:02.1170000", span.GetTagItem("chime.when"));
            Assert.Equal("18:40:02.0000000", span.GetTagItem("chime.at"));
            Assert.Equal("Friday", span.GetTagItem("chime.kind"));
            Assert.Equal("1500000", span.GetTagItem("chime.count"));
            Assert.Equal("[1,2,3]", span.GetTagItem("chime.beams"));
            Assert.Equal("{\"beam-1\":9.5}", span.GetTagItem("chime.snr"));
            Assert.Equal("null", span.GetTagItem("chime.missing"));
            Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", span.GetTagItem("chime.id"));
            ActivityEvent error = Assert.Single(span.Events);
            Assert.Equal("false", error.Tags.Single(t => t.Key == "retry").Value);
            Assert.Equal("2026-11-27T18:40:02.1170000", error.Tags.Single(t => t.Key == "at").Value);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_value_that_cannot_be_written_as_json_or_has_no_text_falls_back_without_throwing()
    {
        using TelemetryHarness harness = new();
        List<object> cyclic = [];
        cyclic.Add(cyclic);
        using (HelixToken op = harness.Tracer.Operate("classify", "evt-1", "event"))
        {
            op.SetAttribute("chime.cyclic", (object)cyclic);
            op.SetAttribute("chime.silent", (object)new NoText());
            op.SetAttribute("chime.beam", (object)new BeamLabel(1042));
        }

        Activity span = harness.SingleSpan("classify");
        Assert.Equal(cyclic.ToString(), span.GetTagItem("chime.cyclic"));
        Assert.Equal("null", span.GetTagItem("chime.silent"));
        Assert.Equal("beam 1042", span.GetTagItem("chime.beam")); // neither formattable nor a collection: its own text
    }

    private sealed class BeamLabel(int number)
    {
        public override string ToString() => "beam " + number.ToString(CultureInfo.InvariantCulture);
    }

    private sealed class NoText
    {
        public override string? ToString() => null;
    }

    [Fact]
    public void Values_are_formatted_with_the_invariant_culture_whatever_the_current_culture()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            using TelemetryHarness harness = new();
            DateTime when = new(2026, 11, 27, 18, 40, 2, 117, DateTimeKind.Utc);
            DateTimeOffset at = new(2026, 11, 27, 18, 40, 2, TimeSpan.FromHours(-8));

            using (HelixToken op = harness.Tracer.Operate("classify", "evt-1", "event"))
            {
                op.SetAttribute("helix.chime.observed", (object)when);
                op.SetAttribute("helix.chime.flagged", (object)true);
                op.SetAttribute("helix.chime.night", (object)new DateOnly(2026, 11, 27));
                op.SetAttribute("helix.chime.dm", (object)341.25);
                op.AddError(new Dictionary<string, object?> { ["message"] = "late", ["at"] = at, ["retry"] = false });
                op.Complete(new Dictionary<string, object?> { ["helix.chime.snr"] = 12.5, ["helix.chime.when"] = at });
            }

            Activity span = harness.SingleSpan("classify");
            Assert.Equal("2026-11-27T18:40:02.1170000Z", span.GetTagItem("helix.chime.observed"));
            Assert.Equal("true", span.GetTagItem("helix.chime.flagged"));
            Assert.Equal("2026-11-27", span.GetTagItem("helix.chime.night"));
            Assert.Equal("341.25", span.GetTagItem("helix.chime.dm"));
            Assert.Equal("12.5", span.GetTagItem("helix.chime.snr"));
            Assert.Equal("2026-11-27T18:40:02.0000000-08:00", span.GetTagItem("helix.chime.when"));
            ActivityEvent error = Assert.Single(span.Events);
            Assert.Equal("2026-11-27T18:40:02.0000000-08:00", error.Tags.Single(t => t.Key == "at").Value);
            Assert.Equal("false", error.Tags.Single(t => t.Key == "retry").Value);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
