namespace ChimeLogger.Diagnostics;

/// <summary>
/// Lets a warning about a fault that repeats (an outage, a refused certificate, a refused token) through at most once an
/// interval, with how many times the fault happened since the warning was last let through, so that the log says it
/// without being flooded. Thread-safe and lock-free.
/// </summary>
/// <param name="interval">The least time between two warnings.</param>
/// <param name="time">The clock (<see cref="ChimeLoggerOptions.TimeProvider"/> where the user can set one).</param>
internal sealed class WarningThrottle(TimeSpan interval, TimeProvider? time = null)
{
    /// <summary>The interval of ChimeLogger's repeated warnings.</summary>
    public static readonly TimeSpan OncePerMinute = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _occurred;
    private long _reported;
    private long _lastWarning = long.MinValue;

    /// <summary>How many times the fault happened so far.</summary>
    public long Occurrences => Interlocked.Read(ref _occurred);

    /// <summary>Counts <paramref name="count"/> occurrences of the fault; says whether a warning is due now.</summary>
    /// <param name="count">How many times it happened (items, batches, answers).</param>
    /// <param name="since">When a warning is due: the occurrences since the last warning, these included.</param>
    public bool Occurred(long count, out long since)
    {
        long total = Interlocked.Add(ref _occurred, count);
        long now = _time.GetTimestamp();
        long last = Interlocked.Read(ref _lastWarning);
        if ((last == long.MinValue || _time.GetElapsedTime(last, now) >= interval)
            && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            since = total - Interlocked.Exchange(ref _reported, total);
            return true;
        }

        since = 0;
        return false;
    }

    /// <summary>Counts one occurrence; says whether a warning is due now.</summary>
    public bool Occurred() => Occurred(1, out _);
}
