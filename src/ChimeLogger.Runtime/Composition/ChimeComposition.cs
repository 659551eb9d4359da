using System.Net;
using ChimeLogger.Auth;
using ChimeLogger.Configuration;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using ChimeLogger.Logging;
using ChimeLogger.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChimeLogger.Composition;

/// <summary>
/// The one place where ChimeLogger is wired, once, in one order (docs/architecture.md, "Start-up"): used by
/// <see cref="ChimeTelemetry.Setup"/> on a private service collection and by <c>AddChimeLogger</c> for a host, so both
/// behave the same.
/// <list type="number">
/// <item>the settings, resolved and checked (an invalid one fails here);</item>
/// <item>the warning log: where ChimeLogger's own warnings go, the logging of step 5 (a host's, in a hosted app), opened
/// at the first warning;</item>
/// <item>the herald token source, given the warning log; standalone, the credential is exchanged now (a hosted app
/// exchanges it at host start);</item>
/// <item>the export path of each signal (<see cref="ExportPaths"/>), given the token source and the warning log: built, not
/// started;</item>
/// <item>the logging and the trace and log pipelines on a private service collection, which take the export paths'
/// processors (<see cref="ChimePipelines"/>), then the span opener and the lifetime;</item>
/// <item>start (<see cref="Start"/>): the export paths' retry backlogs open their disk store and start their loop, the
/// start-up report is written, the process's end is watched; the tracer is handed out.</item>
/// </list>
/// Nothing below the façade is handed a logger after it was built: the only forward reference, by design, is the warning
/// log's way to the logging of step 5, which exports through step 4; nothing warns before step 6.
/// </summary>
internal static class ChimeComposition
{
    /// <summary>What <see cref="ChimeTelemetry.Setup"/> builds, every step in order.</summary>
    public static TracerSetup BuildStandalone(ChimeSettings settings)
    {
        ChimePipelines? pipelines = null;
        WarningLog warnings = new(() => pipelines?.LoggerFactory);
        HeraldTokenSource? tokens = CreateTokenSource(settings, warnings);
        try
        {
            tokens?.Initialize();
            pipelines = new ChimePipelines(settings, tokens, warnings, hosted: false);
        }
        catch
        {
            tokens?.Dispose();
            throw;
        }

        return Start(pipelines, pipelines.LoggerFactory);
    }

    /// <summary>
    /// The last step: starts the export paths, says what start-up decided that the user should know, and watches every
    /// way the process can end. Returns what the tracer and its handles share.
    /// </summary>
    /// <param name="pipelines">What the earlier steps built.</param>
    /// <param name="loggerFactory">The factory of the tracer's loggers: ChimeLogger's own, or the host's in a hosted app.</param>
    public static TracerSetup Start(ChimePipelines pipelines, ILoggerFactory loggerFactory)
    {
        pipelines.Export.Start();
        ReportStartup(pipelines);
        pipelines.Lifetime.WatchProcessEnd();
        return new TracerSetup(pipelines.Settings, loggerFactory, pipelines.Spans, pipelines.Lifetime);
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
    /// ChimeLogger's own services, on a private collection: its logging and its trace and log pipelines with its own
    /// resource, so that in a hosted app they never mix with the app's OpenTelemetry (its sources, exporters and
    /// <c>service.name</c>).
    /// </summary>
    /// <param name="settings">The resolved settings.</param>
    /// <param name="export">The export paths, whose processors the pipelines take (when OTLP export is on).</param>
    /// <param name="fileLogProblem">Why the file log cannot be written, or <see langword="null"/>: then it is added.</param>
    /// <param name="hosted">
    /// Whether a host's logger factory stands in front: it enriches every record before handing it on here, and its own
    /// providers (the console by default) show ChimeLogger's warnings, so this factory neither enriches nor writes them
    /// to standard error. For <see cref="ChimeTelemetry.Setup"/>, this factory is the only one and does both.
    /// </param>
    public static ServiceProvider BuildServices(ChimeSettings settings, ExportPaths export, string? fileLogProblem, bool hosted)
    {
        ServiceCollection services = new();
        bool enrich = !hosted;
        ChimeLoggerOptions options = settings.Options;
        services.AddSingleton(settings);
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(options.MinimumLogLevel);
            if (enrich)
            {
                logging.EnableEnrichment();
            }

            if (options.FileLogEnabled && fileLogProblem is null)
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
                    // The processor is added to the provider itself (not wrapped), so the exporter gets the resource from it.
                    tracing.AddProcessor(_ => export.TraceProcessor());
                }

                if (options.Sampler is { } sampler)
                {
                    // The span opener asks the sampler before it starts a span; the provider records the decision it took.
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
        return services.BuildServiceProvider();
    }

    // What set-up decided that the user should know, said once logging exists.
    private static void ReportStartup(ChimePipelines pipelines)
    {
        ChimeSettings settings = pipelines.Settings;
        ILogger logger = pipelines.Warnings.Logger;
        if (pipelines.Tokens is not null)
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

        if (pipelines.FileLogProblem is { } problem)
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

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));
}
