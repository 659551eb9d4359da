namespace ChimeLogger.Export;

/// <summary>
/// The one background loop of a retry backlog. While the endpoint is down it probes with the oldest batch, with capped
/// exponential back-off (1 s doubling to 5 s); once the endpoint answers, it sends the backlog alongside new telemetry,
/// one batch at a time with a pause at least as long as each send, so that the backlog never takes more than about half
/// of the export path. It also gives up or spills to disk what has waited too long (<see cref="ExportBacklog.ExpireOrStore"/>),
/// and wakes for a request waiting for creations when it may go.
/// </summary>
internal sealed class RetryLoop(ExportBacklog backlog, BatchSender sender, ExportOutage outage) : IDisposable
{
    private static readonly TimeSpan s_firstBackOff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxBackOff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_minPause = TimeSpan.FromMilliseconds(5);

    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Whether <see cref="Stop"/> was called.</summary>
    public bool IsStopped => _stop.IsCancellationRequested;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Something was parked, or a flush wants the backlog sent: look now rather than at the next tick.</summary>
    public void Wake() => _wake.Release();

    /// <summary>Ends the loop, waiting for the send in progress at most <paramref name="wait"/>.</summary>
    public void Stop(TimeSpan wait)
    {
        _stop.Cancel();
        try
        {
            _loop?.Wait(wait);
        }
        catch (AggregateException)
        {
            // The loop catches its own failures; a cancelled wait is the end we asked for.
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        TimeSpan backOff = s_firstBackOff;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                backlog.ExpireOrStore();
                if (outage.IsDown)
                {
                    await Task.Delay(backOff, stop).ConfigureAwait(false);
                    backlog.ExpireOrStore();
                }

                ExportBacklog.Next next = backlog.TakeNext();
                if (next.Body is null)
                {
                    await _wake.WaitAsync(IdleWait(next.ReadyAt), stop).ConfigureAwait(false);
                    continue;
                }

                long started = Environment.TickCount64;
                SendOutcome outcome = await sender.SendAsync(next.Body, stop).ConfigureAwait(false);
                if (outcome != SendOutcome.Failed)
                {
                    backOff = s_firstBackOff;
                    backlog.Answered(next, outcome == SendOutcome.Accepted);
                    TimeSpan took = TimeSpan.FromMilliseconds(Environment.TickCount64 - started);
                    await Task.Delay(took > s_minPause ? took : s_minPause, stop).ConfigureAwait(false);
                }
                else if (!outage.Retries)
                {
                    backlog.Answered(next, accepted: false);
                }
                else
                {
                    backlog.Return(next);
                    backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, s_maxBackOff.Ticks));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // The loop must outlive any one batch's problem; the batch stays where it was.
                backlog.LoopFailed(ex.Message);
                await Task.Delay(backOff, CancellationToken.None).ConfigureAwait(false);
            }
        }

        backlog.ReturnInFlight();
    }

    // Nothing may go now. Only requests waiting for creations are held: wake when the first may go (or sooner, when
    // something is parked). Nothing at all left to probe the endpoint with (all given up or unreadable): let the next
    // export try the network itself rather than wait behind a probe that will not come.
    private TimeSpan IdleWait(long? readyAt)
    {
        if (readyAt is { } at)
        {
            return TimeSpan.FromMilliseconds(Math.Clamp(at - Environment.TickCount64, 1, 1000));
        }

        if (backlog.IsEmpty)
        {
            outage.Ended();
        }

        return TimeSpan.FromSeconds(1);
    }
}
