using System.Diagnostics;

namespace ChimeLogger.Lifetime;

/// <summary>
/// One <see cref="ChimeLoggerOptions.ShutdownTimeout"/> for the whole end of a tracer, however many steps it takes: a
/// host's flush after its services stopped, then <see cref="ChimeTracer.Dispose"/> at the host's disposal, share one limit
/// (each with its own limit, a host with no herald took twice as long to stop). The clock starts at the first step; the
/// later ones get what is left.
/// </summary>
internal sealed class ShutdownClock(TimeSpan limit)
{
    // The least time the pipelines' shutdown gets after a flush that used up the limit: enough to carry the
    // lost-telemetry warning to the collector.
    internal const int FinalShutdownMilliseconds = 500;

    private readonly int _limit = (int)Math.Clamp(limit.TotalMilliseconds, 1, int.MaxValue);
    private long _deadline;

    /// <summary>The whole limit, in milliseconds.</summary>
    public int LimitMilliseconds => _limit;

    /// <summary>What is left of the limit (all of it before <see cref="Start"/>).</summary>
    public int LeftMilliseconds
    {
        get
        {
            long deadline = Volatile.Read(ref _deadline);
            if (deadline == 0)
            {
                return _limit;
            }

            long left = deadline - Stopwatch.GetTimestamp();
            return left <= 0 ? 0 : (int)Math.Min(int.MaxValue, left * 1000 / Stopwatch.Frequency);
        }
    }

    /// <summary>
    /// How long a flush may wait now: what is left, less the part kept for the pipelines' shutdown (half a second, or a
    /// quarter of a shorter limit), so that flush and shutdown together keep to the limit.
    /// </summary>
    public int FlushMilliseconds => Math.Max(0, LeftMilliseconds - Math.Min(FinalShutdownMilliseconds, _limit / 4));

    /// <summary>How long the pipelines' shutdown may take now: what is left, and at least half a second (or the whole limit when that is shorter).</summary>
    public int ShutdownMilliseconds => Math.Max(LeftMilliseconds, Math.Min(_limit, FinalShutdownMilliseconds));

    /// <summary>Starts the clock, unless an earlier step of the same end started it.</summary>
    public void Start()
    {
        long deadline = Stopwatch.GetTimestamp() + (long)_limit * Stopwatch.Frequency / 1000;
        Interlocked.CompareExchange(ref _deadline, deadline, 0);
    }

    /// <summary>Uses up what is left: the host's own limit ran out first.</summary>
    public void Expire()
    {
        Start();
        long now = Stopwatch.GetTimestamp();
        long deadline;
        do
        {
            deadline = Volatile.Read(ref _deadline);
            if (deadline <= now)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _deadline, now, deadline) != deadline);
    }
}
