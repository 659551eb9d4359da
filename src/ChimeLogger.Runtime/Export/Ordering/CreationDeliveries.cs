namespace ChimeLogger.Export;

/// <summary>
/// When a request may follow the creations it refers to. The herald answers an export before it writes it, then writes
/// each span concurrently (docs/helix-contract.md §7): an accepted request is only known to be written after a while.
/// Each creations request gets a number; it is <em>held</em> until the herald accepts it (sent now, or from the retry
/// backlog, memory or disk) or it is abandoned (given up, refused, evicted: nothing of it will be written, so nothing
/// need wait for it). A request that waits for the creations up to number n may go once none of them is held and
/// <see cref="Pause"/> has passed since the last of them was accepted. Shared by <see cref="OrderedDelivery"/>, which
/// numbers the requests, and <see cref="ExportBacklog"/>, which sends and retries them. Thread-safe.
/// </summary>
internal sealed class CreationDeliveries(TimeSpan pause)
{
    private readonly Lock _gate = new();
    private readonly SortedSet<long> _held = [];

    // Accepted creations requests of the last pause, oldest first; older ones no longer hold anything back.
    private readonly Queue<(long Sequence, long AcceptedAt)> _recent = new();
    private readonly long _pause = (long)pause.TotalMilliseconds;
    private long _last;

    /// <summary>The time the herald is given to write a creations request it accepted.</summary>
    public TimeSpan Pause { get; } = pause;

    /// <summary>Numbers a new creations request, held until <see cref="Accepted"/> or <see cref="Abandoned"/>.</summary>
    public long Begin()
    {
        lock (_gate)
        {
            _held.Add(++_last);
            return _last;
        }
    }

    /// <summary>The herald accepted creations request <paramref name="sequence"/> now: it is writing it.</summary>
    public void Accepted(long sequence)
    {
        lock (_gate)
        {
            if (_held.Remove(sequence))
            {
                _recent.Enqueue((sequence, Environment.TickCount64));
            }
        }
    }

    /// <summary>Creations request <paramref name="sequence"/> will not be written (given up, refused, evicted): nothing waits for it.</summary>
    public void Abandoned(long sequence)
    {
        lock (_gate)
        {
            _held.Remove(sequence);
        }
    }

    /// <summary>
    /// Whether a request may be sent now: a creations request has no older one held, and what waits for creations has seen
    /// them written; a plain request always may.
    /// </summary>
    public bool MaySend(DeliveryTag tag) => tag.Kind switch
    {
        DeliveryKind.Creations => !HeldBefore(tag.Sequence),
        DeliveryKind.Dependents => ReleaseAt(tag.Sequence) is { } at && at <= Environment.TickCount64,
        _ => true,
    };

    /// <summary>
    /// A request left the retry backlog: for a creations request, what waits for it may follow once it is written
    /// (<paramref name="accepted"/>), or at once when it never will be (refused, given up, evicted).
    /// </summary>
    public void Settle(DeliveryTag tag, bool accepted)
    {
        if (tag.Kind != DeliveryKind.Creations)
        {
            return;
        }

        if (accepted)
        {
            Accepted(tag.Sequence);
        }
        else
        {
            Abandoned(tag.Sequence);
        }
    }

    /// <summary>
    /// Numbers the batches an earlier run stored, oldest first, into this run's write order: each creations request gets a
    /// number, and what was stored after one of them waits for it.
    /// </summary>
    public Func<DeliveryKind, DeliveryTag> EarlierRunOrder()
    {
        long creations = 0;
        return kind => kind switch
        {
            DeliveryKind.Creations => DeliveryTag.Creations(creations = Begin()),
            DeliveryKind.Dependents => DeliveryTag.After(creations),
            _ => DeliveryTag.Plain,
        };
    }

    /// <summary>Whether a creations request numbered before <paramref name="sequence"/> is still held: creations go in their order.</summary>
    public bool HeldBefore(long sequence)
    {
        lock (_gate)
        {
            return _held.Count > 0 && _held.Min < sequence;
        }
    }

    /// <summary>
    /// When (<see cref="Environment.TickCount64"/>) a request waiting for the creations requests up to
    /// <paramref name="sequence"/> may be sent; <see langword="null"/> while one of them is still held.
    /// </summary>
    public long? ReleaseAt(long sequence)
    {
        long now = Environment.TickCount64;
        lock (_gate)
        {
            if (_held.Count > 0 && _held.Min <= sequence)
            {
                return null;
            }

            Forget(now);
            long release = now;
            foreach ((long accepted, long at) in _recent)
            {
                if (accepted <= sequence)
                {
                    release = Math.Max(release, at + _pause);
                }
            }

            return release;
        }
    }

    /// <summary>Whether creations request <paramref name="sequence"/> no longer holds anything back: written, by the pause, or abandoned.</summary>
    public bool IsSettled(long sequence)
    {
        long now = Environment.TickCount64;
        lock (_gate)
        {
            if (_held.Contains(sequence))
            {
                return false;
            }

            Forget(now);
            foreach ((long accepted, _) in _recent)
            {
                if (accepted == sequence)
                {
                    return false;
                }
            }

            return true;
        }
    }

    private void Forget(long now)
    {
        while (_recent.TryPeek(out (long Sequence, long AcceptedAt) oldest) && now - oldest.AcceptedAt >= _pause)
        {
            _recent.Dequeue();
        }
    }
}
