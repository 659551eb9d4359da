using ChimeLogger.Auth;
using ChimeLogger.Configuration;
using ChimeLogger.Diagnostics;
using ChimeLogger.Lifetime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Hosting;

/// <summary>
/// ChimeLogger inside a host: its resolved settings, the herald token source and its private trace and log pipelines
/// (<see cref="ChimeComposition.BuildPipelines"/>), built when the host's logging is, disposed with the host. The
/// host's own OpenTelemetry, if any, is never touched.
/// </summary>
internal sealed class HostedPipelines : IDisposable
{
    /// <param name="settings">The resolved settings.</param>
    /// <param name="host">The host's services: ChimeLogger's own warnings go through the host's logging, as the app's do.</param>
    public HostedPipelines(ChimeSettings settings, IServiceProvider host)
    {
        Settings = settings;
        WarningLog warnings = new(() => host.GetService<ILoggerFactory>());
        Tokens = ChimeComposition.CreateTokenSource(settings, warnings);
        Provider = ChimeComposition.BuildPipelines(settings, Tokens, warnings, hosted: true);

        // Built with the host's logging, so before the host starts: the host's own lifetime registers its signal handler
        // at start, later than ChimeLogger's, so it runs first and keeps SIGTERM and Ctrl+C for a graceful stop.
        Lifetime = new TracerLifetime(settings);
        Lifetime.WatchSignals();
    }

    /// <summary>How the host's tracer ends: one ShutdownTimeout shared by the flush at host stop and the disposal.</summary>
    public TracerLifetime Lifetime { get; }

    public ChimeSettings Settings { get; }

    /// <summary>The herald token source, when a credential is configured; the credential is exchanged at host start.</summary>
    public HeraldTokenSource? Tokens { get; }

    public ServiceProvider Provider { get; }

    public void Dispose()
    {
        Provider.Dispose();
        Tokens?.Dispose();
    }
}
