using ChimeLogger.Auth;
using ChimeLogger.Configuration;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using ChimeLogger.Lifetime;
using ChimeLogger.Logging;
using ChimeLogger.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Composition;

/// <summary>
/// ChimeLogger's own trace and log pipelines and what serves them (steps 4 and 5 of <see cref="ChimeComposition"/>): the
/// export paths, the private services (logging, the trace and log pipelines), the span opener and the lifetime. Built by
/// <see cref="ChimeTelemetry.Setup"/>, or in a hosted app when the host's logging is (so that the host's loggers can hand
/// their records on), and disposed with the tracer's end or the host. The host's own OpenTelemetry, if any, is never touched.
/// </summary>
internal sealed class ChimePipelines : IDisposable
{
    /// <param name="settings">The resolved settings.</param>
    /// <param name="tokens">The herald token source, when a credential is configured.</param>
    /// <param name="warnings">Where ChimeLogger's own warnings go (the host's logging, in a hosted app).</param>
    /// <param name="hosted">Whether a host's logging stands in front (<see cref="ChimeComposition.BuildServices"/>).</param>
    public ChimePipelines(ChimeSettings settings, HeraldTokenSource? tokens, WarningLog warnings, bool hosted)
    {
        Settings = settings;
        Tokens = tokens;
        Warnings = warnings;
        FileLogProblem = settings.Options.FileLogEnabled ? ChimeFileLog.CheckWritable(settings.FileLogPath) : null;
        OpenCreations? openCreations = ExportPaths.OpenCreationsFor(settings);
        Export = new ExportPaths(settings, tokens, openCreations, warnings);
        Services = ChimeComposition.BuildServices(settings, Export, FileLogProblem, hosted);
        LoggerFactory = Services.GetRequiredService<ILoggerFactory>();
        TelemetryPipelines telemetry = new(Services.GetRequiredService<TracerProvider>(), Services.GetRequiredService<LoggerProvider>());
        Spans = new SpanOpener(settings, new SpanWarnings(warnings), openCreations);

        // What the end of telemetry says while it waits goes to ChimeLogger's own loggers: standalone, those of every
        // warning (standard error among them); in a hosted app, its file log and collector, and standard error itself.
        WarningLog own = new(LoggerFactory.CreateLogger(ChimeWarnings.Category));
        IReadOnlyList<WarningLog> notice = hosted && settings.Options.WarningsToStandardError ? [own, new WarningLog(StandardErrorWarnings.Logger)] : [own];
        Lifetime = new TracerLifetime(
            settings,
            telemetry,
            Export.Counters,
            Spans,
            new ShutdownNotice(settings, Export.Counters, notice),
            warnings,
            tokens is null ? [Services] : [Services, tokens]);

        // Built with the host's logging, so before the host starts: the host's own lifetime registers its signal handler
        // at start, later than ChimeLogger's, so it runs first and keeps SIGTERM and Ctrl+C for a graceful stop.
        if (hosted)
        {
            Lifetime.WatchSignals();
        }
    }

    public ChimeSettings Settings { get; }

    /// <summary>The herald token source, when a credential is configured.</summary>
    public HeraldTokenSource? Tokens { get; }

    /// <summary>Where ChimeLogger's own warnings go.</summary>
    public WarningLog Warnings { get; }

    /// <summary>Why the file log could not be opened at setup, or <see langword="null"/> when it is fine.</summary>
    public string? FileLogProblem { get; }

    public ExportPaths Export { get; }

    /// <summary>ChimeLogger's private services: its logging and its trace and log pipelines.</summary>
    public ServiceProvider Services { get; }

    /// <summary>ChimeLogger's own logger factory (in a hosted app, the host's hands its records on to it).</summary>
    public ILoggerFactory LoggerFactory { get; }

    public SpanOpener Spans { get; }

    /// <summary>How the telemetry ends: one ShutdownTimeout shared by the flush at host stop and the disposal.</summary>
    public TracerLifetime Lifetime { get; }

    /// <summary>
    /// Ends the telemetry if the tracer did not (a host disposed before it ever handed out its tracer): the pipelines shut
    /// down, the services and the token source are disposed, and the signals are no longer watched.
    /// </summary>
    public void Dispose() => Lifetime.End();
}
