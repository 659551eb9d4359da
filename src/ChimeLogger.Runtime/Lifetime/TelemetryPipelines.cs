using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Lifetime;

/// <summary>
/// The trace and log pipelines of a tracer, each step run on both at the same time, each within the limit, so that the
/// whole takes the limit at most even when one endpoint does not answer (one after the other took up to twice as long).
/// The trace step gets its own thread, not a pool thread that a busy pool could delay.
/// </summary>
/// <param name="traces">The trace pipeline, if spans are exported.</param>
/// <param name="logs">The log pipeline, if log records are.</param>
internal sealed class TelemetryPipelines(TracerProvider? traces, LoggerProvider? logs)
{
    /// <summary>The trace pipeline, for tests and diagnostics.</summary>
    public TracerProvider? Traces => traces;

    /// <summary>Exports what has ended in both pipelines; each says whether it took out everything in time.</summary>
    public (bool Traces, bool Logs) Flush(int milliseconds) =>
        AtOnce(milliseconds, traces is { } tracing ? tracing.ForceFlush : null, logs is { } logging ? logging.ForceFlush : null);

    /// <summary>Shuts both pipelines down: what is still queued is exported, within the limit.</summary>
    public void Shutdown(int milliseconds) =>
        AtOnce(milliseconds, traces is { } tracing ? tracing.Shutdown : null, logs is { } logging ? logging.Shutdown : null);

    private static (bool Traces, bool Logs) AtOnce(int milliseconds, Func<int, bool>? traceStep, Func<int, bool>? logStep)
    {
        Task<bool>? traces = traceStep is null
            ? null
            : Task.Factory.StartNew(() => traceStep(milliseconds), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool logs = logStep?.Invoke(milliseconds) ?? true;
        return (traces is null || (traces.Wait(milliseconds) && traces.Result), logs);
    }
}
