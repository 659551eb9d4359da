using System.Diagnostics;
using ChimeLogger.Configuration;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests;

/// <summary>
/// <c>AddChimeLogger</c> in a generic host: settings from the <c>ChimeLogger</c> configuration section with code winning,
/// a misspelt key or a second call refused, the tracer the process tracer while the host runs, the host's own loggers
/// enriched and exported, a flush when the host has stopped and a clean release when it is disposed.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HostingTests
{
    private readonly List<Activity> _spans = [];
    private readonly List<LogRecord> _logs = [];

    private void InMemory(ChimeLoggerOptions options)
    {
        options.EnvironmentReader = _ => null;
        options.OtlpExportEnabled = false;
        options.FileLogEnabled = false;
        options.ConfigureTracing = tracing => tracing.AddInMemoryExporter(_spans);
        options.ConfigureLogging = logging => logging.AddInMemoryExporter(_logs);
    }

    private static HostApplicationBuilder Builder(Dictionary<string, string?> configuration)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        return builder;
    }

    [Fact]
    public async Task A_hosted_tracer_takes_its_section_is_the_process_tracer_while_the_host_runs_and_is_released_after()
    {
        HostApplicationBuilder builder = Builder(new() { ["ChimeLogger:Pipeline"] = "hosted-pipeline", ["ChimeLogger:Site"] = "gbo", ["ChimeLogger:ProcessName"] = "from-config" });
        builder.AddChimeLogger(options =>
        {
            InMemory(options);
            options.ProcessName = "from-code";
        });
        ChimeTracer tracer;
        using (IHost host = builder.Build())
        {
            Assert.Null(ChimeTelemetry.GetTracer());
            await host.StartAsync();
            tracer = host.Services.GetRequiredService<ChimeTracer>();

            Assert.Same(tracer, ChimeTelemetry.GetTracer());
            Assert.Equal("hosted-pipeline", tracer.Pipeline);
            Assert.Equal("gbo", tracer.Site);
            Assert.Equal("from-code", tracer.ProcessName);

            using (tracer.Create("ingest", "block-1", "raw_data"))
            {
                host.Services.GetRequiredService<ILogger<HostingTests>>().LogInformation("block read by the host's logger");
            }

            await host.StopAsync();
        }

        Assert.Null(ChimeTelemetry.GetTracer());
        Assert.False(tracer.IsListening);
        Activity span = Assert.Single(_spans);
        Assert.Equal("hosted-pipeline", span.GetTagItem(HelixAttributes.Pipeline));
        LogRecord record = Assert.Single(_logs, log => log.FormattedMessage == "block read by the host's logger");
        Dictionary<string, object?> attributes = TelemetryHarness.Attributes(record);
        Assert.Equal("block-1", attributes["helix_entity_id"]);
        Assert.Equal("hosted-pipeline", attributes["pipeline"]);
    }

    [Fact]
    public async Task The_host_flushes_what_is_queued_once_it_has_stopped()
    {
        List<Activity> exported = [];
        HostApplicationBuilder builder = Builder([]);
        builder.AddChimeLogger(options =>
        {
            InMemory(options);
            options.ConfigureTracing = tracing => tracing.AddProcessor(
                new BatchActivityExportProcessor(new OpenTelemetry.Exporter.InMemoryExporter<Activity>(exported), scheduledDelayMilliseconds: 600_000));
        });
        using IHost host = builder.Build();
        await host.StartAsync();
        host.Services.GetRequiredService<ChimeTracer>().Create("ingest", "block-1", "raw_data").Complete();
        Assert.Empty(exported);

        await host.StopAsync();

        Assert.Single(exported);
    }

    [Fact]
    public void A_misspelt_key_in_the_section_fails_naming_the_section_and_the_key()
    {
        HostApplicationBuilder builder = Builder(new() { ["ChimeLogger:HeraldEndpont"] = "herald:4317" });

        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => builder.AddChimeLogger(InMemory));

        // The key first, with the option meant; no binder jargon.
        Assert.StartsWith("Unknown key 'HeraldEndpont' (did you mean 'HeraldEndpoint'?) in configuration section 'ChimeLogger'. ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Each key of the section is a ChimeLoggerOptions property set from text: Pipeline, Site, AdditionalSites, ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BinderOptions", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sampler", error.Message, StringComparison.Ordinal); // not something a configuration value can set
    }

    [Fact]
    public void Several_unknown_keys_are_each_named_with_the_closest_option_in_any_case()
    {
        HostApplicationBuilder builder = Builder(new()
        {
            ["ChimeLogger:pipelne"] = "frb-l4",
            ["ChimeLogger:site"] = "chime",
            ["ChimeLogger:Colour"] = "blue",
        });

        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => builder.AddChimeLogger(InMemory));

        // "site" is an option in another case, as the binder takes it; the configuration's keys come in its own order.
        Assert.StartsWith(
            "Unknown keys 'Colour' (no option is close; the closest is 'Site'), 'pipelne' (did you mean 'Pipeline'?) in configuration section 'ChimeLogger'. ",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_value_in_the_section_fails_when_services_are_added()
    {
        HostApplicationBuilder builder = Builder(new() { ["ChimeLogger:HeraldEndpoint"] = "herald:0" });

        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => builder.AddChimeLogger(InMemory));

        Assert.Contains("'herald:0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddChimeLogger_twice_on_the_same_services_is_refused()
    {
        ServiceCollection services = new();
        services.AddChimeLogger(InMemory);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => services.AddChimeLogger(InMemory));

        Assert.Contains("AddChimeLogger was already called", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Services_without_a_host_builder_read_the_section_of_the_registered_configuration()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ChimeLogger:Pipeline"] = "from-services" })
            .Build();
        ServiceCollection services = new();
        services.AddSingleton(configuration);
        services.AddChimeLogger(InMemory);
        await using ServiceProvider provider = services.BuildServiceProvider();

        ChimeTracer tracer = provider.GetRequiredService<ChimeTracer>();

        Assert.Equal("from-services", tracer.Pipeline);
        Assert.True(tracer.IsOwner);
    }
}
