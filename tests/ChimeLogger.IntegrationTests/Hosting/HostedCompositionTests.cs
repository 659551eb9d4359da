using System.Diagnostics;
using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChimeLogger.IntegrationTests.Hosting;

/// <summary>
/// A hosted app with its own OpenTelemetry keeps it: its sources never reach the herald, its exporters and
/// service.name stay its own, while the helix spans and the enriched logs reach the real receiver. Hosted services
/// registered before AddChimeLogger find the tracer when they start; options come from the ChimeLogger section.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HostedCompositionTests(ReceiverFixture receiver) : TelemetryTest
{
    [Fact]
    public async Task The_apps_own_OpenTelemetry_keeps_its_sources_exporters_and_service_name()
    {
        string pipeline = TestSetup.UniquePipeline("composed");
        string appService = "my-app-" + pipeline[^8..];
        string appSource = "MyApp." + pipeline[^8..];
        string healthRoute = "GET /health/" + pipeline[^8..];
        List<Activity> appExported = [];

        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(appService))
            .WithTracing(tracing => tracing.AddSource(appSource).AddInMemoryExporter(appExported));
        builder.AddChimeLogger(options =>
        {
            TestSetup.Isolate(options, Folder, receiver.Receiver.OtlpGrpcEndpoint, receiver.Receiver.OtlpGrpcEndpoint);
            options.Pipeline = pipeline;
            options.Site = "chime";
        });

        using (IHost host = builder.Build())
        {
            await host.StartAsync();
            try
            {
                using ActivitySource app = new(appSource);
                ILogger<HostedCompositionTests> log = host.Services.GetRequiredService<ILogger<HostedCompositionTests>>();
                using (app.StartActivity(healthRoute))
                using (ChimeTelemetry.Tracer!.Operate("register", "evt-composed", "event"))
                {
                    log.LogInformation("registering inside the app's request");
                }

                Assert.Equal(appService, host.Services.GetRequiredService<TracerProvider>().GetResource().Attributes
                    .Single(attribute => attribute.Key == "service.name").Value);
            }
            finally
            {
                await host.StopAsync();
            }
        }

        // The helix span reached the herald under ChimeLogger's service name.
        string chimeService = "chime." + pipeline;
        ReceivedSpan helix = Assert.Single(await receiver.WaitForSpansAsync(chimeService, 1));
        Assert.Equal("register", helix.Name);
        Assert.Equal("evt-composed", helix.Attributes["helix.entity.id"]);

        // The app's span went to the app's exporter only, and the helix span did not.
        Activity health = Assert.Single(appExported);
        Assert.Equal(healthRoute, health.DisplayName);
        IReadOnlyList<ReceivedSpan> everything = await receiver.Receiver.GetSpansAsync(new TelemetryQuery { Limit = 100_000 });
        Assert.DoesNotContain(everything, span => span.Name == healthRoute || span.ServiceName == appService);

        // The host's logs are enriched and reach the collector under ChimeLogger's resource.
        IReadOnlyList<ReceivedLog> logs = await receiver.WaitForLogsAsync(chimeService, found => found.Any(l => l.Body == "registering inside the app's request"));
        ReceivedLog inside = logs.Single(l => l.Body == "registering inside the app's request");
        Assert.Equal("evt-composed", inside.Attributes["resource_name"]);
        Assert.Equal("chime", inside.Attributes["site"]);
    }

    [Fact]
    public async Task An_app_that_adds_the_ChimeLogger_source_to_its_tracing_gets_helix_spans_in_its_exporter_too()
    {
        string pipeline = TestSetup.UniquePipeline("offered");
        List<Activity> appExported = [];
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("my-app-" + pipeline[^8..]))
            .WithTracing(tracing => tracing.AddSource(ChimeTelemetry.ActivitySourceName).AddInMemoryExporter(appExported));
        builder.AddChimeLogger(options =>
        {
            TestSetup.Isolate(options, Folder, receiver.Receiver.OtlpGrpcEndpoint, receiver.Receiver.OtlpGrpcEndpoint);
            options.Pipeline = pipeline;
        });

        using (IHost host = builder.Build())
        {
            await host.StartAsync();
            ChimeTelemetry.Tracer!.Create("ingest", "blk-offered", "raw_data").Complete();
            await host.StopAsync();
        }

        Assert.Equal("blk-offered", Assert.Single(appExported).GetTagItem("helix.entity.id"));
        ReceivedSpan atHerald = Assert.Single(await receiver.WaitForSpansAsync("chime." + pipeline, 1));
        Assert.Equal("blk-offered", atHerald.Attributes["helix.entity.id"]);
    }

    [Fact]
    public async Task A_hosted_service_registered_before_AddChimeLogger_gets_spans_from_its_start()
    {
        string pipeline = TestSetup.UniquePipeline("early");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddHostedService<EarlyWorker>();
        builder.AddChimeLogger(options =>
        {
            TestSetup.Isolate(options, Folder, receiver.Receiver.OtlpGrpcEndpoint, receiver.Receiver.OtlpGrpcEndpoint);
            options.Pipeline = pipeline;
        });

        using (IHost host = builder.Build())
        {
            await host.StartAsync();
            EarlyWorker worker = host.Services.GetServices<IHostedService>().OfType<EarlyWorker>().Single();
            Assert.True(worker.FoundTracerWhenStarting);
            Assert.True(worker.FoundTracer);
            await host.StopAsync();
        }

        ReceivedSpan span = Assert.Single(await receiver.WaitForSpansAsync("chime." + pipeline, 1));
        Assert.Equal("warm-up", span.Name);
        Assert.Equal("calibration-cache", span.Attributes["helix.entity.id"]);
    }

    [Fact]
    public async Task Options_come_from_the_ChimeLogger_section_of_appsettings_json_with_code_first_and_the_environment_last()
    {
        string pipeline = TestSetup.UniquePipeline("appsettings");
        File.WriteAllText(Folder.PathOf("appsettings.json"), $$"""
            {
              "ChimeLogger": {
                "Pipeline": "{{pipeline}}",
                "Site": "HCO",
                "ServiceName": "from-appsettings",
                "HeraldEndpoint": "{{receiver.Receiver.OtlpGrpcHostPort}}",
                "LogsEndpoint": "{{receiver.Receiver.OtlpGrpcHostPort}}",
                "FileLogPath": "{{Folder.PathOf("chime_pipeline.log").Replace("\\", "\\\\", StringComparison.Ordinal)}}"
              }
            }
            """);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Folder.Path, Args = [] });
        builder.AddChimeLogger(options =>
        {
            // The environment says otherwise for every one of these: configuration wins over it, code over both.
            options.EnvironmentReader = name => name switch
            {
                "CHIME_LOGGER_PIPELINE_NAME" => "env-pipeline",
                "CHIME_LOGGER_SITE" => "kko",
                "HERALD_ENDPOINT" or "LOGS_ENDPOINT" => "127.0.0.1:9",
                _ => null,
            };
            options.ServiceName = "chime." + pipeline;
        });

        using (IHost host = builder.Build())
        {
            await host.StartAsync();
            ChimeTracer tracer = host.Services.GetRequiredService<ChimeTracer>();
            Assert.Equal(pipeline, tracer.Pipeline);
            Assert.Equal("hco", tracer.Site);
            tracer.Create("ingest", "blk-appsettings", "raw_data").Complete();
            await host.StopAsync();
        }

        ReceivedSpan span = Assert.Single(await receiver.WaitForSpansAsync("chime." + pipeline, 1));
        Assert.Equal(pipeline, span.Attributes["chime.pipeline"]);
        Assert.Equal("hco", span.Attributes["chime.site"]);
    }

    [Fact]
    public void A_misspelt_key_in_the_ChimeLogger_section_fails_naming_it()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ChimeLogger:HeraldEndpont"] = "herald:4317" });

        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => builder.AddChimeLogger());

        Assert.Contains("HeraldEndpont", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ChimeLogger'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddChimeLogger_on_bare_services_reads_the_hosts_configuration_when_the_provider_is_built()
    {
        string pipeline = TestSetup.UniquePipeline("bare-services");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChimeLogger:Pipeline"] = pipeline,
            ["ChimeLogger:Site"] = "GBO",
        });
        builder.Services.AddChimeLogger(options => TestSetup.Isolate(options, Folder, receiver.Receiver.OtlpGrpcEndpoint, receiver.Receiver.OtlpGrpcEndpoint));

        using (IHost host = builder.Build())
        {
            await host.StartAsync();
            Assert.Equal(pipeline, ChimeTelemetry.Tracer!.Pipeline);
            Assert.Equal("gbo", ChimeTelemetry.Tracer.Site);
            await host.StopAsync();
        }

        HostApplicationBuilder misspelt = Host.CreateApplicationBuilder();
        misspelt.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ChimeLogger:Sitte"] = "kko" });
        misspelt.Services.AddChimeLogger();
        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => misspelt.Build());
        Assert.Contains("Sitte", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A hosted (lifecycle) service registered before AddChimeLogger that does instrumented work when it starts.</summary>
    public sealed class EarlyWorker : IHostedLifecycleService
    {
        public bool FoundTracer { get; private set; }

        public bool FoundTracerWhenStarting { get; private set; }

        public Task StartingAsync(CancellationToken cancellationToken)
        {
            FoundTracerWhenStarting = ChimeTelemetry.Tracer is not null;
            return Task.CompletedTask;
        }

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            ChimeTracer? tracer = ChimeTelemetry.Tracer;
            FoundTracer = tracer is not null;
            tracer?.Operate("warm-up", "calibration-cache", "cache").Complete();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
