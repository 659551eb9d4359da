using ChimeLogger.Diagnostics;

namespace ChimeLogger.Export;

/// <summary>
/// ChimeLogger's retry of one signal's exports (traces to the herald, logs to the collector): the batches the herald did
/// not take, as the bytes of their export request, and what becomes of them. They wait in memory
/// (<see cref="ParkedBatches"/>), counted against the export queue's bound (<see cref="ExportGate"/>), and are sent again
/// by the <see cref="RetryLoop"/>; while the herald is down (<see cref="ExportOutage"/>) new batches join them without a
/// network attempt. A batch is removed only when the herald accepted it, and resent whole otherwise: nothing acknowledged
/// is sent twice.
/// <para>
/// A batch that has waited longer than the retry window is given up and counted as failed (memory retry) or written to
/// disk (<see cref="DiskRetry"/>), which also takes the oldest batches at once when memory holds more than half of the
/// queue's bound, so that a fast pipeline does not drop. Stored batches are sent, oldest first, before those in memory.
/// </para>
/// <para>
/// With ordered delivery (<see cref="CreationDeliveries"/>) the backlog also keeps the herald's write order
/// (docs/helix-contract.md §7): a request of operations that waits for creations is held here, in memory or on disk like
/// any other, until those creations have been accepted and the pause has passed; a creations request does not overtake an
/// older one; what was held for retry leaves oldest first. Without retry (<see cref="Retries"/> false) it only holds those
/// waiting requests, and a failed send is counted as failed at once.
/// </para>
/// </summary>
internal sealed class ExportBacklog : IDisposable
{
    private readonly ParkedBatches _memory = new();
    private readonly ExportGate _counts;
    private readonly CreationDeliveries? _deliveries;
    private readonly DiskRetry? _disk;
    private readonly ExportOutage _outage;
    private readonly BatchSender _sender;
    private readonly RetryLoop _loop;
    private int _started;

    /// <param name="signal"><c>traces</c> or <c>logs</c>.</param>
    /// <param name="endpoint">The herald (or the collector).</param>
    /// <param name="signalPath">The path of the signal's gRPC export method, under <paramref name="endpoint"/>.</param>
    /// <param name="counts">The gate of the signal.</param>
    /// <param name="warnings">Where the warnings of retry and disk go.</param>
    /// <param name="window">How long a batch is retried in memory.</param>
    /// <param name="sendTimeout">The exporter's timeout.</param>
    /// <param name="diskRoot">The retry directory with disk retry, else <see langword="null"/>.</param>
    /// <param name="diskLimitBytes">The most disk retry keeps for the signal.</param>
    /// <param name="resendChain">The HTTP handlers the backlog's own sends go through (token, transport).</param>
    /// <param name="deliveries">The herald's write order, with ordered delivery.</param>
    /// <param name="retry">Whether failed sends are retried.</param>
    public ExportBacklog(
        string signal, Uri endpoint, string signalPath, ExportGate counts, WarningLog warnings,
        TimeSpan window, TimeSpan sendTimeout, string? diskRoot, long diskLimitBytes, HttpMessageHandler resendChain,
        CreationDeliveries? deliveries = null, bool retry = true)
    {
        _counts = counts;
        _deliveries = deliveries;
        _disk = diskRoot is null ? null : new DiskRetry(diskRoot, signal, endpoint, diskLimitBytes, counts, deliveries, warnings);
        _outage = new ExportOutage(signal, endpoint, window, retry, _disk, warnings);
        _sender = new BatchSender(resendChain, new Uri(endpoint.AbsoluteUri.TrimEnd('/') + signalPath), sendTimeout, _outage);
        _loop = new RetryLoop(this, _sender, _outage);
    }

    /// <summary>Where export requests go (taken from the exporter's own requests once it has sent one).</summary>
    public Uri Target
    {
        get => _sender.Target;
        set => _sender.Target = value;
    }

    /// <summary>The longest one send may take: the exporter's timeout.</summary>
    public TimeSpan SendTimeout => _sender.Timeout;

    /// <summary>The last attempt failed: new batches join the backlog without trying the network.</summary>
    public bool HeraldDown => _outage.IsDown;

    /// <summary>Whether failed sends are retried; without, the backlog only holds what waits for creations.</summary>
    public bool Retries => _outage.Retries;

    /// <summary>Whether nothing of this run is held, in memory or on disk.</summary>
    public bool IsEmpty => _memory.IsEmpty && _counts.Stored == 0;

    /// <summary>
    /// Whether a request may go out now rather than join the backlog: the herald is not known to be down (with retry),
    /// and the herald's write order lets it go (<see cref="CreationDeliveries.MaySend"/>).
    /// </summary>
    public bool MaySendNow(DeliveryTag tag) => !(Retries && HeraldDown) && (_deliveries?.MaySend(tag) ?? true);

    /// <summary>Opens the disk store (disk retry) and starts the loop, which also sends what earlier runs stored.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _disk?.Open();
            _loop.Start();
        }
    }

    /// <summary>Takes a batch the herald did not take (or was not asked to take: down, or the batch must wait for creations).</summary>
    public void Park(byte[] body, int count, DeliveryTag tag = default)
    {
        _memory.Add(new ParkedBatch(body, count, Environment.TickCount64, tag));
        _loop.Wake();
    }

    /// <summary>An attempt met a transient fault: the endpoint is down until one is answered.</summary>
    public void MarkDown(string problem) => _outage.Began(problem);

    /// <summary>An attempt was answered.</summary>
    public void MarkUp() => _outage.Ended();

    /// <summary>
    /// Waits until nothing of this run is held (in memory or on disk); false when the time ran out. A negative timeout
    /// (<see cref="Timeout.Infinite"/>, OpenTelemetry's "no limit") waits as long as it takes.
    /// </summary>
    public bool Flush(int timeoutMilliseconds)
    {
        long deadline = timeoutMilliseconds < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMilliseconds;
        _loop.Wake();
        while (!IsEmpty)
        {
            if (Environment.TickCount64 >= deadline)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    /// <summary>
    /// Ends the loop. With disk retry, what is still in memory is written to disk for the next run; with memory retry
    /// it is sent if the herald answers within the time left, and counted as failed otherwise.
    /// </summary>
    public bool Shutdown(int timeoutMilliseconds)
    {
        long deadline = Environment.TickCount64 + Math.Max(0, timeoutMilliseconds);
        if (_disk is not { IsOpen: true } && !HeraldDown)
        {
            Flush((int)Math.Max(0, deadline - Environment.TickCount64));
        }

        _loop.Stop(TimeSpan.FromMilliseconds(Math.Max(100, deadline - Environment.TickCount64)));
        bool clean = true;
        foreach (ParkedBatch batch in _memory.Drain())
        {
            if (_disk?.TryStore(batch) == true)
            {
                continue;
            }

            _counts.Leave(batch.Count, exported: false);
            _deliveries?.Settle(batch.Tag, accepted: false);
            clean = false;
        }

        _disk?.Dispose();
        return clean;
    }

    public void Dispose()
    {
        if (!_loop.IsStopped)
        {
            Shutdown(0);
        }

        _sender.Dispose();
        _loop.Dispose();
    }

    /// <summary>
    /// The oldest batch that may go now: on disk first (what went there is older than what is still in memory), then in
    /// memory. Retries keep their order; a request waiting for creations is passed over until it may go, and
    /// <see cref="Next.ReadyAt"/> says when the first of those may (null when none is known to be ready at a given time).
    /// </summary>
    internal Next TakeNext()
    {
        long now = Environment.TickCount64;
        long? readyAt = null;
        bool Ready(DeliveryTag tag)
        {
            if (tag.Kind != DeliveryKind.Dependents || _deliveries is null)
            {
                return true;
            }

            if (_deliveries.ReleaseAt(tag.Sequence) is not { } at)
            {
                return false;
            }

            readyAt = readyAt is { } earliest ? Math.Min(earliest, at) : at;
            return at <= now;
        }

        if (_disk?.Oldest(batch => Ready(batch.Tag)) is { } stored)
        {
            return _disk.Read(stored) is { } body ? new Next(body, null, stored, null) : new Next(null, null, null, now);
        }

        return _memory.TakeReady(Ready) is { } parked ? new Next(parked.Body, parked, null, null) : new Next(null, null, null, readyAt);
    }

    /// <summary>The herald answered <paramref name="next"/>: accepted, or refused for good (Unauthenticated, invalid), and then not sent again.</summary>
    internal void Answered(Next next, bool accepted)
    {
        if (next.Parked is { } parked)
        {
            if (_memory.Sent(parked))
            {
                _counts.Leave(parked.Count, accepted);
                _deliveries?.Settle(parked.Tag, accepted);
            }
        }
        else if (next.Stored is { } stored)
        {
            _disk!.Answered(stored, accepted);
        }
    }

    /// <summary>The send of <paramref name="next"/> failed: it waits for the next attempt, where it was.</summary>
    internal void Return(Next next)
    {
        if (next.Parked is { } parked)
        {
            _memory.Return(parked);
        }
    }

    /// <summary>The loop stopped: the batch it was sending is kept.</summary>
    internal void ReturnInFlight() => _memory.ReturnInFlight();

    /// <summary>The loop met a problem of its own (the disk, most likely); the batch stays where it was.</summary>
    internal void LoopFailed(string reason) => _disk?.WriteFailed(reason);

    /// <summary>
    /// Gives up what has waited the whole window in memory (counted as failed, said at most once a minute), or, with disk
    /// retry, writes it to disk, as it does the oldest batches while memory holds more than half of the queue's bound.
    /// </summary>
    internal void ExpireOrStore()
    {
        long now = Environment.TickCount64;
        long window = (long)_outage.Window.TotalMilliseconds;
        bool spill = _disk is { IsOpen: true };
        List<ParkedBatch> due = _memory.TakeOldestWhile(
            _counts.Inside, (first, held) => now - first.ParkedAt >= window || (spill && held > _counts.Capacity / 2));
        foreach (ParkedBatch batch in due)
        {
            if (_disk?.TryStore(batch) == true)
            {
                continue;
            }

            _counts.Leave(batch.Count, exported: false);
            _deliveries?.Settle(batch.Tag, accepted: false);
            _outage.GaveUp(batch.Count);
        }
    }

    /// <summary>What the loop sends next: the bytes of a batch from memory (<see cref="Parked"/>) or disk (<see cref="Stored"/>), or none and when one may be ready.</summary>
    internal readonly record struct Next(byte[]? Body, ParkedBatch? Parked, StoredBatch? Stored, long? ReadyAt);
}
