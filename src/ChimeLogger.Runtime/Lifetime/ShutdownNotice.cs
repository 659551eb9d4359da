using ChimeLogger.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Lifetime;

/// <summary>
/// Says, once per tracer, when the end of telemetry waits more than about a second (a herald or collector that is down
/// or slow): what it waits for and for how long at most, so that a process that seems to hang after "Application is
/// shutting down..." or after a signal explains itself (warning 34 of <see cref="ChimeWarnings"/>).
/// </summary>
internal sealed class ShutdownNotice
{
    private ILogger[] _loggers = [];
    private int _given;

    /// <summary>How long a flush waits before the notice is given.</summary>
    internal TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Where the notice goes: ChimeLogger's own warning loggers (and, in a hosted app, standard error itself).</summary>
    public void Connect(params ILogger[] loggers) => _loggers = loggers;

    /// <summary>Gives the notice if the wait that follows lasts longer than <see cref="Delay"/>; dispose the result when the wait is over.</summary>
    public IDisposable While(ChimeTracer tracer, ShutdownClock clock)
    {
        if (Volatile.Read(ref _given) != 0 || _loggers.Length == 0)
        {
            return NoWait.Instance;
        }

        return new Timer(_ => Give(tracer, clock), null, Delay, Timeout.InfiniteTimeSpan);
    }

    private void Give(ChimeTracer tracer, ShutdownClock clock)
    {
        if (Interlocked.Exchange(ref _given, 1) != 0)
        {
            return;
        }

        ExportStatistics statistics = tracer.ExportStatistics;
        Tell(logger => ChimeWarnings.ShutdownWaiting(
            logger,
            clock.LeftMilliseconds / 1000.0,
            clock.LimitMilliseconds / 1000.0,
            tracer.HeraldEndpoint.ToString(),
            statistics.SpansPending,
            tracer.LogsEndpoint.ToString(),
            statistics.LogRecordsPending));
    }

    /// <summary>Gives a shutdown warning to the loggers the notice goes to.</summary>
    public void Tell(Action<ILogger> warn)
    {
        foreach (ILogger logger in _loggers)
        {
            try
            {
                warn(logger);
            }
            catch (ObjectDisposedException)
            {
                // A logging provider already closed by the host: the other loggers still say it.
            }
        }
    }

    private sealed class NoWait : IDisposable
    {
        public static readonly NoWait Instance = new();

        public void Dispose()
        {
        }
    }
}
