using System.Diagnostics;
using System.Globalization;
using ChimeLogger.Configuration;
using ChimeLogger.Tracing;

namespace ChimeLogger.Tests;

/// <summary>
/// Ids are sent as the herald needs to match them (trimmed, docs/helix-contract.md §1), values are text that does not
/// depend on the machine's culture, long ids are warned about on every span kind, and the site is one the dashboards know.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class IdsAndValuesTests
{
    [Fact]
    public void Entity_and_parent_ids_are_sent_trimmed_with_one_warning_per_distinct_id()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("ingest", " blk-1\t", "raw_data").Complete();
        harness.Tracer.Create("ingest", " blk-1\t", "raw_data").Complete();
        harness.Tracer.Create("l1-search", "beam-1", "n2_acquisition", [" blk-1", "blk-2 "]).Complete();
        harness.Tracer.Create("l1-search", "beam-2", "n2_acquisition", parent: "  blk-1").Complete();
        harness.Tracer.Operate("register", " evt-1 ", "event").Complete();
        using (HelixToken late = harness.Tracer.Operate("associate", resourceName: null, "event"))
        {
            late.SetEntityId("\nevt-2 ");
        }

        Assert.All(harness.Spans.Where(s => s.DisplayName == "ingest"), s => Assert.Equal("blk-1", s.GetTagItem(HelixAttributes.EntityId)));
        Activity beam1 = harness.Spans.Single(s => Equals(s.GetTagItem(HelixAttributes.EntityId), "beam-1"));
        Assert.Equal("blk-1,blk-2", beam1.GetTagItem(HelixAttributes.ParentIds));
        Assert.Single(beam1.Links); // the trimmed parent id finds the block created in this process
        Activity beam2 = harness.Spans.Single(s => Equals(s.GetTagItem(HelixAttributes.EntityId), "beam-2"));
        Assert.Equal("blk-1", beam2.GetTagItem(HelixAttributes.ParentIds));
        Assert.Single(beam2.Links);
        Assert.Equal("evt-1", harness.SingleSpan("register").GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("evt-2", harness.SingleSpan("associate").GetTagItem(HelixAttributes.EntityId));

        List<string> trimWarnings = harness.Warnings.Select(w => w.FormattedMessage ?? "").Where(m => m.Contains("white space around it", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, trimWarnings.Count); // " blk-1\t", " blk-1", "blk-2 ", "  blk-1", " evt-1 ", "\nevt-2 ": once each
        Assert.Single(trimWarnings, m => m.Contains("Id ' blk-1\t'", StringComparison.Ordinal));
    }

    [Fact]
    public void Over_long_ids_are_warned_about_on_every_span_kind()
    {
        using TelemetryHarness harness = new();
        string payload = new('x', 2_000_000);

        harness.Tracer.Operate("classify", payload, "event").Complete();
        using (HelixToken late = harness.Tracer.Operate("associate", resourceName: null, "event"))
        {
            late.SetEntityId(new string('y', 600));
        }

        harness.Tracer.Create("l2-event", "evt-1", "event", [new string('z', 700)]).Complete();

        List<string> warnings = harness.Warnings.Select(w => w.FormattedMessage ?? "").ToList();
        Assert.Contains(warnings, m => m.Contains("'classify' has an id of 2000000 characters", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("'associate' has an id of 600 characters", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("'l2-event' has an id of 700 characters", StringComparison.Ordinal));
        Assert.Equal(payload, harness.SingleSpan("classify").GetTagItem(HelixAttributes.EntityId)); // still sent whole
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

    [Theory]
    [InlineData("KKO", "kko")]
    [InlineData(" Chime ", "chime")]
    [InlineData("gbo", "gbo")]
    [InlineData("HcO", "hco")]
    public void The_site_matches_the_known_sites_without_regard_to_case_and_is_sent_lower_case(string value, string sent)
    {
        using TelemetryHarness harness = new(configure: options => options.Site = null, environment: new Dictionary<string, string> { ["CHIME_LOGGER_SITE"] = value });

        harness.Tracer.Create("ingest", "blk-1", "raw_data").Complete();

        Assert.Equal(sent, harness.Tracer.Site);
        Assert.Equal(sent, harness.SingleSpan("ingest").GetTagItem(HelixAttributes.Site));
    }

    [Fact]
    public void An_unknown_site_fails_setup_naming_the_variable_the_value_and_the_known_sites()
    {
        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() =>
            ChimeSettings.Resolve(new ChimeLoggerOptions { EnvironmentReader = name => name == "CHIME_LOGGER_SITE" ? "mars" : null }));

        Assert.Contains("CHIME_LOGGER_SITE", error.Message, StringComparison.Ordinal);
        Assert.Contains("'mars'", error.Message, StringComparison.Ordinal);
        Assert.Contains("chime, kko, gbo, hco", error.Message, StringComparison.Ordinal);
        Assert.Contains("AdditionalSites", error.Message, StringComparison.Ordinal);

        ChimeLoggerConfigurationException fromCode = Assert.Throws<ChimeLoggerConfigurationException>(() =>
            ChimeSettings.Resolve(new ChimeLoggerOptions { EnvironmentReader = _ => null, Site = "drao" }));
        Assert.Contains("ChimeLoggerOptions.Site 'drao'", fromCode.Message, StringComparison.Ordinal);
        Assert.Null(ChimeTelemetry.Tracer);
    }

    [Fact]
    public void Code_may_allow_additional_sites()
    {
        ChimeSettings settings = ChimeSettings.Resolve(new ChimeLoggerOptions
        {
            EnvironmentReader = name => name == "CHIME_LOGGER_SITE" ? "DRAO" : null,
            AdditionalSites = ["drao", "pathfinder"],
        });

        Assert.Equal("drao", settings.Site);
    }
}
