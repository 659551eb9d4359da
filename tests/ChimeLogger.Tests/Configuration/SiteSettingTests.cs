using System.Globalization;
using ChimeLogger.Configuration;
using static ChimeLogger.Tests.Configuration.SettingsUnderTest;

namespace ChimeLogger.Tests.Configuration;

/// <summary>
/// The site: matched against the known sites without regard to case and sent lower-case, additional sites allowed from
/// code (trimmed, any case), and an unknown site failing set-up naming the variable, the value and the known sites.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SiteSettingTests
{
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

    [Fact]
    public void Additional_sites_are_matched_trimmed_and_without_regard_to_case_and_listed_when_a_site_is_refused()
    {
        Assert.Equal("drao", Resolve(configure: options =>
        {
            options.Site = " drao ";
            options.AdditionalSites = [" DRAO ", " ", "kko"];
        }).Site);

        ChimeLoggerConfigurationException error = Invalid(configure: options =>
        {
            options.Site = "mars";
            options.AdditionalSites = [" DRAO ", "", "kko", "Pathfinder"];
        });

        Assert.Contains("expected one of chime, kko, gbo, hco, drao, pathfinder (case does not matter)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Additional_sites_set_to_null_mean_none_and_an_unknown_site_is_still_refused_with_the_known_list()
    {
        // The property is not nullable, but code written without nullable annotations can still assign null.
        Assert.Equal("kko", Resolve(configure: options =>
        {
            options.Site = "KKO";
            options.AdditionalSites = null!;
        }).Site);

        ChimeLoggerConfigurationException error = Invalid(configure: options =>
        {
            options.Site = "drao";
            options.AdditionalSites = null!;
        });

        Assert.Contains("Invalid ChimeLoggerOptions.Site 'drao': expected one of chime, kko, gbo, hco (case does not matter)", error.Message, StringComparison.Ordinal);
    }
}
