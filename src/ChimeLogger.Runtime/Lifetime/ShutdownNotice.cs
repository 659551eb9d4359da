using ChimeLogger.Configuration;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Lifetime;

/// <summary>
/// Says, once per tracer, when the end of telemetry waits more than about a second (a herald or collector that is down
/// or slow): what it waits for and for how long at most, so that a process that seems to hang after "Application is
/// shutting down..." or after a signal explains itself (warning 34 of <see cref="ChimeWarnings"/>).
/// </summary>
/// <param name="settings">The endpoints named in the notice.</param>
/// <param name="counters">What is still pending.</param>
/// <param name="to">
/// Where the notice goes: ChimeLogger's own warning log (and, in a hosted app, standard error itself, because the host's
/// console writes to standard output and the wait happens after "Application is shutting down...").
/// </param>
internal sealed class ShutdownNotice(ChimeSettings settings, ExportCounters counters, IReadOnlyList<WarningLog> to)
{
    private int _given;

    /// <summary>How long a flush waits before the notice is given.</summary>
    internal TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gives the notice if the wait that follows lasts longer than <see cref="Delay"/>; dispose the result when the wait is over.</summary>
    public IDisposable While(ShutdownClock clock)
    {
        if (Volatile.Read(ref _given) != 0 || to.Count == 0)
        {
            return NoWait.Instance;
        }

        return new Timer(_ => Give(clock), null, Delay, Timeout.InfiniteTimeSpan);
    }

    private void Give(ShutdownClock clock)
    {
        if (Interlocked.Exchange(ref _given, 1) != 0)
        {
            return;
        }

        ExportStatistics statistics = counters.Snapshot();
        Tell(logger => ChimeWarnings.ShutdownWaiting(
            logger,
            clock.LeftMilliseconds / 1000.0,
            clock.LimitMilliseconds / 1000.0,
            settings.HeraldEndpoint.ToString(),
            statistics.SpansPending,
            settings.LogsEndpoint.ToString(),
            statistics.LogRecordsPending));
    }

    /// <summary>Gives a shutdown warning to the logs the notice goes to.</summary>
    public void Tell(Action<ILogger> warn)
    {
        foreach (WarningLog log in to)
        {
            try
            {
                warn(log.Logger);
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
