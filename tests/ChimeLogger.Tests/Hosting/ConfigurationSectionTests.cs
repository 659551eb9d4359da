using ChimeLogger.Configuration;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests.Hosting;

/// <summary>
/// The <c>ChimeLogger</c> configuration section of a hosted app: a misspelt key, or several, each named with the closest
/// option, an invalid value failing when the services are added, and the section of the registered configuration read
/// when there is no host builder.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ConfigurationSectionTests
{
    private readonly HostedApp _app = new();

    [Fact]
    public void A_misspelt_key_in_the_section_fails_naming_the_section_and_the_key()
    {
        HostApplicationBuilder builder = HostedApp.Builder(new() { ["ChimeLogger:HeraldEndpont"] = "herald:4317" });

        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => builder.AddChimeLogger(_app.InMemory));

        // The key first, with the option meant; no binder jargon.
        Assert.StartsWith("Unknown key 'HeraldEndpont' (did you mean 'HeraldEndpoint'?) in configuration section 'ChimeLogger'. ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Each key of the section is a ChimeLoggerOptions property set from text: Pipeline, Site, AdditionalSites, ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BinderOptions", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sampler", error.Message, StringComparison.Ordinal); // not something a configuration value can set
    }

    [Fact]
    public void Several_unknown_keys_are_each_named_with_the_closest_option_in_any_case()
    {
        HostApplicationBuilder builder = HostedApp.Builder(new()
        {
            ["ChimeLogger:pipelne"] = "frb-l4",
            ["ChimeLogger:site"] = "chime",
            ["ChimeLogger:Colour"] = "blue",
        });

        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => builder.AddChimeLogger(_app.InMemory));

        // "site" is an option in another case, as the binder takes it; the configuration's keys come in its own order.
        Assert.StartsWith(
            "Unknown keys 'Colour' (no option is close; the closest is 'Site'), 'pipelne' (did you mean 'Pipeline'?) in configuration section 'ChimeLogger'. ",
            error.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ExportQueueLen", "ExportQueueSize")] // 4 edits in 14 letters: a third of the key, rounded down
    [InlineData("ShutdownTimeoutSec", "ShutdownTimeout")] // 3 edits: more than 2, still a typo in a long key
    [InlineData("ExportIntrvl", "ExportInterval")] // the last letter counts: without it ExportRetry would be as close
    public void A_long_key_misspelt_in_up_to_a_third_of_its_letters_is_named_with_the_option_meant(string key, string meant)
    {
        HostApplicationBuilder builder = HostedApp.Builder(new() { ["ChimeLogger:" + key] = "5" });

        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => builder.AddChimeLogger(_app.InMemory));

        Assert.StartsWith($"Unknown key '{key}' (did you mean '{meant}'?) in configuration section 'ChimeLogger'. ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_more_than_a_third_of_its_letters_away_from_every_option_gets_the_closest_as_a_hint_only()
    {
        HostApplicationBuilder builder = HostedApp.Builder(new() { ["ChimeLogger:ExportWindow"] = "5" }); // 5 edits in 12 letters

        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => builder.AddChimeLogger(_app.InMemory));

        Assert.StartsWith("Unknown key 'ExportWindow' (no option is close; the closest is 'ExportRetryWindow') in configuration section 'ChimeLogger'. ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_lists_every_option_a_configuration_value_can_set_including_the_optional_ones()
    {
        HostApplicationBuilder builder = HostedApp.Builder(new() { ["ChimeLogger:HeraldEndpont"] = "herald:4317" });

        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => builder.AddChimeLogger(_app.InMemory));

        // Options a value can set only when stated (bool?, int?, TimeSpan?, an enum?) are keys as much as the others.
        Assert.EndsWith(
            " in configuration section 'ChimeLogger'. Each key of the section is a ChimeLoggerOptions property set from text: " +
            "Pipeline, Site, AdditionalSites, InstrumentId, ServiceName, ProcessName, HeraldEndpoint, LogsEndpoint, Insecure, Credential, " +
            "AuthEndpoint, AuthTimeout, FileLogPath, FileLogEnabled, FileLogSizeLimitBytes, FileLogRetainedFiles, ConsoleLogging, " +
            "WarningsToStandardError, MinimumLogLevel, OtlpExportEnabled, ExportQueueSize, ExportRetry, ExportRetryPath, ExportRetryWindow, " +
            "ExportRetryDiskLimitBytes, ExportCreationPause, ShutdownTimeout, ExportInterval, WatchTerminationSignals.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_value_in_the_section_fails_when_services_are_added()
    {
        HostApplicationBuilder builder = HostedApp.Builder(new() { ["ChimeLogger:HeraldEndpoint"] = "herald:0" });

        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => builder.AddChimeLogger(_app.InMemory));

        Assert.Contains("'herald:0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Services_without_a_host_builder_read_the_section_of_the_registered_configuration()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ChimeLogger:Pipeline"] = "from-services" })
            .Build();
        ServiceCollection services = new();
        services.AddSingleton(configuration);
        services.AddChimeLogger(_app.InMemory);
        await using ServiceProvider provider = services.BuildServiceProvider();

        ChimeTracer tracer = provider.GetRequiredService<ChimeTracer>();

        Assert.Equal("from-services", tracer.Pipeline);
        Assert.True(tracer.IsOwner);
    }
}
