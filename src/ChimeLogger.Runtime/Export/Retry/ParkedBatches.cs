namespace ChimeLogger.Export;

/// <summary>
/// The batches of one signal held in memory for a later send, oldest first, and the one being sent now. A batch being
/// sent is out of the list until its send is over: back at the front when it failed, gone when it was answered.
/// Thread-safe: the exporter's thread parks, the retry loop takes, a shutdown drains.
/// </summary>
internal sealed class ParkedBatches
{
    private readonly Lock _gate = new();
    private readonly LinkedList<ParkedBatch> _batches = new();
    private ParkedBatch? _inFlight;

    /// <summary>Whether nothing is held nor being sent.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _batches.Count == 0 && _inFlight is null;
            }
        }
    }

    public void Add(ParkedBatch batch)
    {
        lock (_gate)
        {
            _batches.AddLast(batch);
        }
    }

    /// <summary>Takes the oldest batch that <paramref name="ready"/> lets go now, to be sent; it is in flight until <see cref="Sent"/> or <see cref="Return"/>.</summary>
    public ParkedBatch? TakeReady(Func<DeliveryTag, bool> ready)
    {
        lock (_gate)
        {
            for (LinkedListNode<ParkedBatch>? node = _batches.First; node is not null; node = node.Next)
            {
                if (ready(node.Value.Tag))
                {
                    _batches.Remove(node);
                    _inFlight = node.Value;
                    return node.Value;
                }
            }

            return null;
        }
    }

    /// <summary>The send of <paramref name="batch"/> failed: it is the oldest again.</summary>
    public void Return(ParkedBatch batch)
    {
        lock (_gate)
        {
            _batches.AddFirst(batch);
            _inFlight = null;
        }
    }

    /// <summary>The batch in flight, if any, is the oldest again (the loop stopped during its send).</summary>
    public void ReturnInFlight()
    {
        lock (_gate)
        {
            if (_inFlight is not null)
            {
                _batches.AddFirst(_inFlight);
                _inFlight = null;
            }
        }
    }

    /// <summary>
    /// The send of <paramref name="batch"/> was answered. <see langword="false"/> when a shutdown drained it meanwhile (it gave
    /// up waiting for this send and counted the batch already): it must not be counted twice.
    /// </summary>
    public bool Sent(ParkedBatch batch)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_inFlight, batch))
            {
                return false;
            }

            _inFlight = null;
            return true;
        }
    }

    /// <summary>
    /// Takes the oldest batches while <paramref name="due"/> says so, given each batch and the items held with it and after it.
    /// </summary>
    public List<ParkedBatch> TakeOldestWhile(long held, Func<ParkedBatch, long, bool> due)
    {
        List<ParkedBatch> taken = [];
        lock (_gate)
        {
            while (_batches.First is { } first && due(first.Value, held))
            {
                _batches.RemoveFirst();
                taken.Add(first.Value);
                held -= first.Value.Count;
            }
        }

        return taken;
    }

    /// <summary>Takes every batch, the one in flight first, for a shutdown.</summary>
    public List<ParkedBatch> Drain()
    {
        lock (_gate)
        {
            List<ParkedBatch> left = [.. _batches];
            _batches.Clear();
            if (_inFlight is not null)
            {
                left.Insert(0, _inFlight);
                _inFlight = null;
            }

            return left;
        }
    }
}
