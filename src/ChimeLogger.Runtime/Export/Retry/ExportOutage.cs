using ChimeLogger.Diagnostics;

namespace ChimeLogger.Export;

/// <summary>
/// Whether the endpoint of one signal is known to be down, and what the outage costs. After a failed attempt new batches
/// join the retry backlog without trying the network, until an attempt is answered. The outage is said when it begins
/// (warning 40), and what it made the backlog give up after the retry window (warning 41), each at most once a minute.
/// Without retry nothing is held for another attempt, so no outage is kept: a failure is counted where it happens.
/// </summary>
/// <param name="signal"><c>traces</c> or <c>logs</c>, named in the warnings.</param>
/// <param name="endpoint">The herald (or the collector), named in the warnings.</param>
/// <param name="window">How long a batch is retried in memory.</param>
/// <param name="retries">Whether failed sends are retried.</param>
/// <param name="disk">Disk retry, when on: where what outlives the window goes.</param>
/// <param name="warnings">Where the warnings go.</param>
internal sealed class ExportOutage(string signal, Uri endpoint, TimeSpan window, bool retries, DiskRetry? disk, WarningLog warnings)
{
    private readonly WarningThrottle _began = new(WarningThrottle.OncePerMinute);
    private readonly WarningThrottle _givenUp = new(WarningThrottle.OncePerMinute);
    private volatile bool _down;
    // Read when a batch is given up before any attempt failed (operations whose creations never came).
    private string _lastProblem = "none, no attempt failed";

    /// <summary>The last attempt failed: new batches join the backlog without trying the network.</summary>
    public bool IsDown => _down;

    /// <summary>Whether failed sends are retried.</summary>
    public bool Retries => retries;

    /// <summary>How long a batch is retried in memory.</summary>
    public TimeSpan Window => window;

    /// <summary>An attempt met a transient fault (<paramref name="problem"/>): the endpoint is down until one is answered.</summary>
    public void Began(string problem)
    {
        if (!retries)
        {
            return; // nothing is held for a retry: the failure is counted where it happened
        }

        _lastProblem = problem;
        if (!_down)
        {
            _down = true;
            if (_began.Occurred())
            {
                ChimeWarnings.ExportUnreachable(
                    warnings.Logger, signal, endpoint.ToString(), problem, window.TotalSeconds,
                    disk?.Directory is { } directory ? $"then written to {directory}" : "then counted as failed");
            }
        }
    }

    /// <summary>An attempt was answered: new batches go straight out again.</summary>
    public void Ended() => _down = false;

    /// <summary><paramref name="items"/> waited the whole window in memory and are counted as failed.</summary>
    public void GaveUp(long items)
    {
        if (_givenUp.Occurred(items, out long since))
        {
            ChimeWarnings.ExportGivenUp(warnings.Logger, since, signal, endpoint.ToString(), window.TotalSeconds, _lastProblem);
        }
    }
}
