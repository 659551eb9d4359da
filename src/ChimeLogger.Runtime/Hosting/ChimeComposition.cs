using System.Net;
using ChimeLogger.Configuration;
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
        HeraldTokenSource? tokens = CreateTokenSource(settings);
        try
        {
            tokens?.Initialize();
            ServiceCollection services = new();
            AddServices(services, settings, tokens);
            ServiceProvider provider = services.BuildServiceProvider();
            ILoggerFactory loggerFactory = provider.GetRequiredService<ILoggerFactory>();
            ChimeTracer tracer = new(
                settings,
                loggerFactory,
                provider.GetRequiredService<TracerProvider>(),
                provider.GetRequiredService<LoggerProvider>(),
                provider,
                tokens);
            ReportStartup(provider, tracer);
            return tracer;
        }
        catch
        {
            tokens?.Dispose();
            throw;
        }
    }

    public static HeraldTokenSource? CreateTokenSource(ChimeSettings settings) =>
        settings.CredentialSource is null || settings.AuthEndpoint is null
            ? null
            : new HeraldTokenSource(
                settings.AuthEndpoint,
                settings.InstrumentId,
                settings.CredentialSource,
                settings.Options.TimeProvider,
                settings.Options.AuthTimeout,
                settings.Options.AuthHttpHandler);

    public static void AddServices(IServiceCollection services, ChimeSettings settings, HeraldTokenSource? tokens)
    {
        ChimeLoggerOptions options = settings.Options;
        services.AddSingleton(settings);
        if (tokens is not null)
        {
            services.AddSingleton(tokens);
        }

        FileLogState fileLog = new(options.FileLogEnabled ? ChimeFileLog.CheckWritable(settings.FileLogPath) : null);
        services.AddSingleton(fileLog);
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(options.MinimumLogLevel);
            logging.EnableEnrichment();
            if (options.FileLogEnabled && fileLog.Problem is null)
            {
                logging.Services.AddSingleton(_ => ChimeFileLog.CreateProvider(settings));
                logging.AddFilter<Serilog.Extensions.Logging.SerilogLoggerProvider>((category, _) => ChimeFileLog.IsChimeCategory(category));
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
        services.AddLogEnricher<ChimeLogEnricher>();

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
                tracing.AddSource(ChimeTelemetry.ActivitySourceName);
                if (options.OtlpExportEnabled)
                {
                    tracing.AddOtlpExporter(otlp => ConfigureExporter(otlp, settings.HeraldEndpoint, tokens));
                }

                options.ConfigureTracing?.Invoke(tracing);
            })
            .WithLogging(
                logs =>
                {
                    logs.AddProcessor(new PythonSeverityProcessor());
                    if (options.OtlpExportEnabled)
                    {
                        // The collector takes no token (helix-contract §3).
                        logs.AddOtlpExporter(otlp => ConfigureExporter(otlp, settings.LogsEndpoint, tokens: null));
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
    public static void ReportStartup(IServiceProvider provider, ChimeTracer tracer)
    {
        ILogger logger = tracer.LoggerFactory.CreateLogger(ChimeDiagnostics.Category);
        ChimeSettings settings = provider.GetRequiredService<ChimeSettings>();
        if (provider.GetService<HeraldTokenSource>() is { } tokens)
        {
            tokens.Logger = logger;
            if (settings.HeraldEndpoint.Scheme == Uri.UriSchemeHttp && !IsLoopback(settings.HeraldEndpoint))
            {
                StartupLog.PlaintextToken(logger, settings.HeraldEndpoint.ToString());
            }

            if (settings.AuthEndpoint is { } auth && auth.Scheme == Uri.UriSchemeHttp && !IsLoopback(auth))
            {
                StartupLog.PlaintextCredential(logger, auth.ToString());
            }
        }

        if (provider.GetRequiredService<FileLogState>().Problem is { } problem)
        {
            StartupLog.FileLogDisabled(logger, settings.FileLogPath, problem);
        }
    }

    private static void ConfigureExporter(OtlpExporterOptions otlp, Uri endpoint, HeraldTokenSource? tokens)
    {
        otlp.Endpoint = endpoint;
        otlp.Protocol = OtlpExportProtocol.Grpc;
        if (tokens is not null)
        {
            int timeout = otlp.TimeoutMilliseconds;
            otlp.HttpClientFactory = () => new HttpClient(new HeraldAuthorizationHandler(tokens, new SocketsHttpHandler()))
            {
                Timeout = TimeSpan.FromMilliseconds(timeout),
            };
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));

    /// <summary>Why the file log could not be opened at setup, or <see langword="null"/> when it is fine.</summary>
    internal sealed record FileLogState(string? Problem);
}

internal static partial class StartupLog
{
    [LoggerMessage(EventId = 30, Level = LogLevel.Warning,
        Message = "Herald tokens are sent in plaintext to {Endpoint}: set HERALD_INSECURE=false or use an https:// endpoint outside this host.")]
    public static partial void PlaintextToken(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning,
        Message = "The herald credential is sent in plaintext to {Endpoint}: use an https:// HERALD_AUTH_ENDPOINT outside this host.")]
    public static partial void PlaintextCredential(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning,
        Message = "The file log {Path} cannot be written ({Reason}); CHIME loggers still go to the other providers. Set CHIME_LOGGER_FILE_LOG_PATH to a writable path.")]
    public static partial void FileLogDisabled(ILogger logger, string path, string reason);
}
