using System.Diagnostics;
using ChimeLogger.Composition;
using ChimeLogger.Configuration;
using ChimeLogger.Tracing;

namespace ChimeLogger;

/// <summary>
/// Sets ChimeLogger up for the process and holds the resulting <see cref="ChimeTracer"/>.
/// </summary>
// The one holder of the process tracer. Nothing below calls back up here: a disposed tracer simply reads as none.
public static class ChimeTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> (the OTLP scope) of every ChimeLogger span.</summary>
    public const string ActivitySourceName = ChimeActivitySource.Name;

    private static readonly object s_gate = new();
    private static ChimeTracer? s_tracer;

    // Read by every generated wrapper: kept small enough to inline. An ended tracer reads as none here, and is replaced
    // by the next Setup or host.

    /// <summary>The tracer set up for this process, or <see langword="null"/> before <see cref="Setup"/> (and after its disposal).</summary>
    public static ChimeTracer? Tracer => Volatile.Read(ref s_tracer) is { IsDisposed: false } tracer ? tracer : null;

    /// <summary>Returns the tracer set up for this process, or <see langword="null"/> before <see cref="Setup"/>.</summary>
    /// <returns>The process tracer or <see langword="null"/>.</returns>
    public static ChimeTracer? GetTracer() => Tracer;

    /// <summary>
    /// Sets up tracing and logging for the process and returns the process-wide <see cref="ChimeTracer"/>:
    /// traces to the herald and logs to the collector over OTLP/gRPC, CHIME context on every log record,
    /// the rotating file log for <c>CHIME</c>/<c>CHIME.*</c> loggers, and the herald token exchange when a
    /// credential is configured. Call it once at process start; dispose the tracer at exit (a process that ends
    /// without disposing it, by returning from <c>Main</c>, an unhandled exception, SIGTERM, SIGINT or SIGHUP, is flushed
    /// at exit, its open spans ended, within <see cref="ChimeLoggerOptions.ShutdownTimeout"/>; see
    /// <see cref="ChimeLoggerOptions.WatchTerminationSignals"/>). Register your own signal handlers after this call, so
    /// that ChimeLogger sees when they keep a signal.
    /// </summary>
    /// <remarks>
    /// One process exports through one tracer. When ChimeLogger is already set up, a later call does not start a
    /// second one: it returns a handle on the process tracer (<see cref="ChimeTracer.IsOwner"/> is
    /// <see langword="false"/>), logs a warning naming each setting it asked for that differs from the one in effect,
    /// and disposing that handle leaves telemetry running for the code that set it up first. Once the owner is
    /// disposed, the next call starts afresh.
    /// </remarks>
    /// <param name="pipeline">The pipeline name; wins over <see cref="ChimeLoggerOptions.Pipeline"/> and <c>CHIME_LOGGER_PIPELINE_NAME</c>.</param>
    /// <param name="configure">Sets options in code; they win over the environment.</param>
    /// <returns>The process tracer, or a handle on it when ChimeLogger was already set up.</returns>
    /// <exception cref="ChimeLoggerConfigurationException">A setting is invalid; the message names it and its value.</exception>
    /// <exception cref="HeraldAuthenticationException">A credential is configured and the herald refused it or could not be reached.</exception>
    public static ChimeTracer Setup(string? pipeline = null, Action<ChimeLoggerOptions>? configure = null)
    {
        ChimeLoggerOptions options = new();
        configure?.Invoke(options);
        ChimeSettings settings = ChimeSettings.Resolve(options, pipeline);
        lock (s_gate)
        {
            if (s_tracer is { IsDisposed: false } existing)
            {
                IReadOnlyList<string> differences = SetupDifferences.Describe(existing.Settings, settings, options, pipeline);
                if (differences.Count > 0)
                {
                    existing.Spans.Warnings.SetupAgain(existing.Pipeline, differences);
                }

                return existing.Borrow();
            }

            ChimeTracer tracer = new(ChimeComposition.BuildStandalone(settings));
            Volatile.Write(ref s_tracer, tracer);
            return tracer;
        }
    }

    /// <summary>Makes <paramref name="tracer"/> the process singleton (hosted apps).</summary>
    internal static void Register(ChimeTracer tracer)
    {
        lock (s_gate)
        {
            if (s_tracer is { IsDisposed: false } existing && !ReferenceEquals(existing, tracer))
            {
                throw new InvalidOperationException(
                    "ChimeLogger is already set up in this process (ChimeTelemetry.Setup or another host). " +
                    "Dispose the existing ChimeTracer first; one process exports through one tracer.");
            }

            Volatile.Write(ref s_tracer, tracer);
        }
    }
}
