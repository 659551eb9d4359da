using System.Net;
using ChimeLogger.Auth;
using ChimeLogger.Configuration;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using ChimeLogger.Logging;
using ChimeLogger.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChimeLogger.Hosting;

/// <summary>
/// The one place where ChimeLogger's services are wired: used by <see cref="ChimeTelemetry.Setup"/> on a
/// private service collection and by <c>AddChimeLogger</c> on the host's, so both behave the same.
/// </summary>
internal static class ChimeComposition
{
    public static ChimeTracer BuildStandalone(ChimeSettings settings)
    {
        ServiceProvider? provider = null;
        WarningLog warnings = new(() => provider?.GetRequiredService<ILoggerFactory>());
        HeraldTokenSource? tokens = CreateTokenSource(settings, warnings);
        try
        {
            tokens?.Initialize();
            provider = BuildPipelines(settings, tokens, warnings, hosted: false);
            ILoggerFactory loggerFactory = provider.GetRequiredService<ILoggerFactory>();
            ChimeTracer tracer = new(
                settings,
                loggerFactory,
                provider.GetRequiredService<TracerProvider>(),
                provider.GetRequiredService<LoggerProvider>(),
                provider,
                tokens,
                provider.GetRequiredService<ExportPaths>().Counters);
            ReportStartup(provider, tracer, hosted: false);
            return tracer;
        }
        catch
        {
            tokens?.Dispose();
            throw;
        }
    }

    // The token authorizes trace exports and nothing else: with OTLP export off (tests, a file-only run) the
    // credential is not exchanged, so that no auth endpoint is contacted and none can fail the set-up.
    public static HeraldTokenSource? CreateTokenSource(ChimeSettings settings, WarningLog warnings) =>
        settings.CredentialSource is null || settings.AuthEndpoint is null || !settings.Options.OtlpExportEnabled
            ? null
            : new HeraldTokenSource(
                settings.AuthEndpoint,
                settings.InstrumentId,
                settings.CredentialSource,
                settings.Options.TimeProvider,
                settings.Options.AuthTimeout,
                warnings,
                settings.Options.AuthHttpHandler);

    /// <summary>
    /// ChimeLogger's own services, on a private collection: its trace and log pipelines with its own resource, so that
    /// in a hosted app they never mix with the app's OpenTelemetry (its sources, exporters and <c>service.name</c>).
    /// </summary>
    /// <param name="settings">The resolved settings.</param>
    /// <param name="tokens">The herald token source, when a credential is configured.</param>
    /// <param name="warnings">Where the export path's warnings go.</param>
    /// <param name="hosted">
    /// Whether a host's logger factory stands in front: it enriches every record before handing it on here, and its own
    /// providers (the console by default) show ChimeLogger's warnings, so this factory neither enriches nor writes them
    /// to standard error. For <see cref="ChimeTelemetry.Setup"/>, this factory is the only one and does both.
    /// </param>
    public static ServiceProvider BuildPipelines(ChimeSettings settings, HeraldTokenSource? tokens, WarningLog warnings, bool hosted)
    {
        ServiceCollection services = new();
        AddServices(services, settings, tokens, warnings, hosted);
        return services.BuildServiceProvider();
    }

    private static void AddServices(IServiceCollection services, ChimeSettings settings, HeraldTokenSource? tokens, WarningLog warnings, bool hosted)
    {
        bool enrich = !hosted;
        ChimeLoggerOptions options = settings.Options;
        services.AddSingleton(settings);
        if (tokens is not null)
        {
            services.AddSingleton(tokens);
        }

        FileLogState fileLog = new(options.FileLogEnabled ? ChimeFileLog.CheckWritable(settings.FileLogPath) : null);
        services.AddSingleton(fileLog);
        OpenCreations? openCreations = ExportPaths.OpenCreationsFor(settings);
        ExportPaths export = new(settings, tokens, openCreations, warnings);
        services.AddSingleton(export);
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(options.MinimumLogLevel);
            if (enrich)
            {
                logging.EnableEnrichment();
            }

            if (options.FileLogEnabled && fileLog.Problem is null)
            {
                logging.Services.AddSingleton(_ => ChimeFileLog.CreateProvider(settings));
            }

            if (options.WarningsToStandardError && !options.ConsoleLogging && !hosted)
            {
                logging.Services.AddSingleton<ILoggerProvider, StandardErrorWarnings>();
            }

            if (options.ConsoleLogging)
            {
                logging.AddSimpleConsole(console =>
                {
                    console.SingleLine = true;
                    console.TimestampFormat = "HH:mm:ss.fff ";
                });
            }

            options.ConfigureLoggerFactory?.Invoke(logging);
        });
        if (enrich)
        {
            services.AddLogEnricher<ChimeLogEnricher>();
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(settings.ServiceName)
                .AddAttributes(
                [
                    new(HelixAttributes.InstrumentId, settings.InstrumentId),
                    new(HelixAttributes.ProcessName, settings.ProcessName),
                ]))
            .WithTracing(tracing =>
            {
                tracing.AddSource(ChimeActivitySource.Name);
                if (options.OtlpExportEnabled)
                {
                    // Ordered delivery watches create spans from their start (docs/reliability.md, "Delivery order").
                    if (openCreations is not null)
                    {
                        tracing.AddProcessor(new OpenCreationWatcher(openCreations));
                    }

                    // The processor is added to the provider itself (not wrapped), so the exporter gets the resource from it.
                    tracing.AddProcessor(_ => export.TraceProcessor());
                }

                if (options.Sampler is { } sampler)
                {
                    // ChimeTracer asks the sampler before it starts a span; the provider records the decision it took.
                    tracing.SetSampler(new PreDecidedSampler(sampler));
                }

                options.ConfigureTracing?.Invoke(tracing);
            })
            .WithLogging(
                logs =>
                {
                    logs.AddProcessor(new PythonSeverityProcessor());
                    if (options.OtlpExportEnabled)
                    {
                        logs.AddProcessor(_ => export.LogProcessor());
                    }

                    options.ConfigureLogging?.Invoke(logs);
                },
                otel =>
                {
                    otel.IncludeFormattedMessage = true;
                    otel.IncludeScopes = true;
                });
    }

    /// <summary>Logs, once logging exists, what setup decided that the user should know.</summary>
    public static void ReportStartup(IServiceProvider provider, ChimeTracer tracer, bool hosted)
    {
        ILogger logger = tracer.LoggerFactory.CreateLogger(ChimeWarnings.Category);
        ConnectShutdownNotice(provider, tracer, hosted);
        ChimeSettings settings = provider.GetRequiredService<ChimeSettings>();
        provider.GetRequiredService<ExportPaths>().Start();
        if (provider.GetService<HeraldTokenSource>() is not null)
        {
            if (settings.HeraldEndpoint.Scheme == Uri.UriSchemeHttp && !IsLoopback(settings.HeraldEndpoint))
            {
                ChimeWarnings.PlaintextToken(logger, settings.HeraldEndpoint.ToString());
            }

            if (settings.AuthEndpoint is { } auth && auth.Scheme == Uri.UriSchemeHttp && !IsLoopback(auth))
            {
                ChimeWarnings.PlaintextCredential(logger, auth.ToString());
            }
        }

        if (provider.GetRequiredService<FileLogState>().Problem is { } problem)
        {
            ChimeWarnings.FileLogDisabled(logger, settings.FileLogPath, problem);
        }

        // Without a pipeline name every span and log record says "unknown_pipeline". Said once, at setup, when telemetry
        // leaves the process (to the herald and collector, or the file log); a set-up kept in memory (TestHerald) says nothing.
        if (settings.Pipeline is null && (settings.Options.OtlpExportEnabled || settings.Options.FileLogEnabled))
        {
            ChimeWarnings.NoPipeline(logger, settings.PipelineOrUnknown, EnvironmentVariables.PipelineName);
        }
    }


    // What the end of telemetry says while it waits goes to ChimeLogger's own loggers: standalone, those of every warning
    // (standard error among them); in a hosted app, its file log and collector, and standard error itself, because the
    // host's console writes to standard output and the wait happens after "Application is shutting down...".
    private static void ConnectShutdownNotice(IServiceProvider provider, ChimeTracer tracer, bool hosted)
    {
        ILogger own = provider.GetRequiredService<ILoggerFactory>().CreateLogger(ChimeWarnings.Category);
        Lifetime.ShutdownNotice notice = tracer.Lifetime!.Notice;
        if (hosted && tracer.Settings.Options.WarningsToStandardError)
        {
            notice.Connect(own, StandardErrorWarnings.Logger);
        }
        else
        {
            notice.Connect(own);
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));

    /// <summary>Why the file log could not be opened at setup, or <see langword="null"/> when it is fine.</summary>
    internal sealed record FileLogState(string? Problem);
}
