using System.Net.Http.Headers;
using System.Net.Sockets;
using ChimeLogger.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Export;

/// <summary>
/// ChimeLogger's retry of one signal's exports (traces to the herald, logs to the collector). Batches the herald
/// did not take wait here as the bytes of their export request, in memory, counted against the export queue's bound
/// (<see cref="ExportGate"/>). One background loop retries the oldest with capped exponential back-off (1 s doubling
/// to 5 s) while the herald is down; while it is down, new batches join the backlog without a network attempt. Once
/// the herald answers, new batches go straight out again and the loop sends the backlog alongside, one batch at a
/// time with a pause at least as long as each send, so the backlog never takes more than about half of the export
/// path from new telemetry. A batch is removed only when the herald accepted it, and resent whole otherwise: nothing
/// acknowledged is sent twice.
/// <para>
/// A batch that has waited longer than the retry window is given up and counted as failed (memory retry) or written
/// to the <see cref="DiskBatchStore"/> (disk retry), which also takes the oldest batches at once when the backlog
/// holds more than half of the queue's bound, so that a fast pipeline does not drop. Stored batches are sent, oldest
/// first, before those in memory (which are younger).
/// </para>
/// <para>
/// With ordered delivery (<see cref="CreationDeliveries"/>) the backlog also keeps the herald's write order
/// (docs/helix-contract.md §7): a request of operations that waits for creations is held here, in memory or on disk
/// like any other, until those creations have been accepted and the pause has passed; a creations request does not
/// overtake an older one; what was held for retry leaves oldest first. Without retry (<see cref="Retries"/> false) it
/// only holds those waiting requests, and a failed send is counted as failed at once.
/// </para>
/// </summary>
internal sealed partial class ExportBacklog : IDisposable
{
    private static readonly TimeSpan s_firstBackOff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxBackOff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_minPause = TimeSpan.FromMilliseconds(5);
    private static readonly long s_warningInterval = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;

    private readonly Lock _gate = new();
    private readonly LinkedList<ParkedBatch> _memory = new();
    private readonly ExportGate _counts;
    private readonly ExportLogSink _log;
    private readonly string _signal;
    private readonly Uri _endpoint;
    private readonly TimeSpan _window;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _diskRoot;
    private readonly long _diskLimit;
    private readonly HttpMessageInvoker _send;
    private readonly CreationDeliveries? _deliveries;
    private readonly bool _retry;
    private DiskBatchStore? _store;
    private Task? _loop;
    private ParkedBatch? _inFlight;
    private volatile bool _down;
    private string _lastProblem = "";
    private long _givenUp;
    private long _givenUpReported;
    private long _lastGiveUpWarning = long.MinValue;
    private long _lastDiskWarning = long.MinValue;
    private long _lastDownWarning = long.MinValue;
    private int _started;

    public ExportBacklog(
        string signal, Uri endpoint, string signalPath, ExportGate counts, ExportLogSink log,
        TimeSpan window, TimeSpan sendTimeout, string? diskRoot, long diskLimitBytes, HttpMessageHandler resendChain,
        CreationDeliveries? deliveries = null, bool retry = true)
    {
        _deliveries = deliveries;
        _retry = retry;
        _send = new HttpMessageInvoker(resendChain, disposeHandler: true);
        _signal = signal;
        _endpoint = endpoint;
        _counts = counts;
        _log = log;
        _window = window;
        SendTimeout = sendTimeout;
        _diskRoot = diskRoot;
        _diskLimit = diskLimitBytes;
        Target = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + signalPath);
    }

    /// <summary>Where export requests go (taken from the exporter's own requests once it has sent one).</summary>
    public Uri Target { get; set; }

    /// <summary>The longest one send may take: the exporter's timeout.</summary>
    public TimeSpan SendTimeout { get; }

    /// <summary>The last attempt failed: new batches join the backlog without trying the network.</summary>
    public bool HeraldDown => _down;

    /// <summary>Whether failed sends are retried; without, the backlog only holds what waits for creations.</summary>
    public bool Retries => _retry;

    /// <summary>
    /// Whether a request may go out now rather than join the backlog: the herald is not known to be down (with retry),
    /// a creations request has no older one held, and what waits for creations has seen them written.
    /// </summary>
    public bool MaySendNow(DeliveryTag tag)
    {
        if (_retry && _down)
        {
            return false;
        }

        return _deliveries is null || tag.Kind switch
        {
            DeliveryKind.Creations => !_deliveries.HeldBefore(tag.Sequence),
            DeliveryKind.Dependents => _deliveries.ReleaseAt(tag.Sequence) is { } at && at <= Environment.TickCount64,
            _ => true,
        };
    }

    /// <summary>Opens the disk store (disk retry) and starts the loop, which also sends what earlier runs stored.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            OpenStore();
            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>Takes a batch the herald did not take (or was not asked to take: down, or the batch must wait for creations).</summary>
    public void Park(byte[] body, int count, DeliveryTag tag = default)
    {
        lock (_gate)
        {
            _memory.AddLast(new ParkedBatch(body, count, Environment.TickCount64, tag));
        }

        _wake.Release();
    }

    public void MarkDown(string problem)
    {
        if (!_retry)
        {
            return; // nothing is held for a retry: the failure is counted where it happened
        }

        _lastProblem = problem;
        if (!_down)
        {
            _down = true;
            long now = Environment.TickCount64;
            if (_lastDownWarning == long.MinValue || now - _lastDownWarning >= s_warningInterval)
            {
                _lastDownWarning = now;
                ChimeWarnings.ExportUnreachable(
                    _log.Logger, _signal, _endpoint.ToString(), problem, _window.TotalSeconds,
                    _store is null ? "then counted as failed" : $"then written to {_store.Directory}");
            }
        }
    }

    public void MarkUp() => _down = false;

    /// <summary>Waits until nothing of this run is held (in memory or on disk); false when the time ran out.</summary>
    public bool Flush(int timeoutMilliseconds)
    {
        long deadline = Environment.TickCount64 + timeoutMilliseconds;
        _wake.Release();
        while (!IsEmpty())
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
        if (_store is null && !_down)
        {
            Flush((int)Math.Max(0, deadline - Environment.TickCount64));
        }

        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromMilliseconds(Math.Max(100, deadline - Environment.TickCount64)));
        }
        catch (AggregateException)
        {
            // The loop catches its own failures; a cancelled wait is the end we asked for.
        }

        List<ParkedBatch> left;
        lock (_gate)
        {
            left = [.. _memory];
            _memory.Clear();
            if (_inFlight is not null)
            {
                left.Insert(0, _inFlight);
                _inFlight = null;
            }
        }

        bool clean = true;
        foreach (ParkedBatch batch in left)
        {
            if (_store is not null && TryStore(batch))
            {
                continue;
            }

            _counts.Leave(batch.Count, exported: false);
            Resolve(batch.Tag, accepted: false);
            clean = false;
        }

        _store?.Dispose();
        return clean;
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            Shutdown(0);
        }

        _send.Dispose();
        _stop.Dispose();
        _wake.Dispose();
    }

    /// <summary>Whether a failure is one that a later attempt may not meet (the herald away, slow or restarting).</summary>
    // A refused certificate is not transient: it does not fix itself within the retry window (CertificateCheck).
    public static bool IsTransient(Exception ex) =>
        ex is not CertificateRejectedException
        && ex is HttpRequestException or OperationCanceledException or TimeoutException or IOException or SocketException;

    /// <summary>The transient gRPC status of an answer (a status worth retrying), or <see langword="null"/>.</summary>
    public static string? TransientStatus(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            int code = (int)response.StatusCode;
            // Proxies and load balancers in front of a restarting herald answer these.
            return code is 408 or 429 or 502 or 503 or 504 ? $"HTTP {code}" : null;
        }

        string? status = Status(response.TrailingHeaders) ?? Status(response.Headers);
        // CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS: the
        // codes the OTLP specification lists as retryable.
        return status is "1" or "4" or "8" or "10" or "11" or "14" or "15" ? $"gRPC status {status}" : null;
    }

    /// <summary>Whether an answer is the herald's success: HTTP 200 with no gRPC status or status 0.</summary>
    public static bool IsAccepted(HttpResponseMessage response) =>
        response.IsSuccessStatusCode && (Status(response.TrailingHeaders) ?? Status(response.Headers)) is null or "0";

    private static string? Status(HttpHeaders headers) =>
        headers.TryGetValues("grpc-status", out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    private bool IsEmpty()
    {
        lock (_gate)
        {
            if (_memory.Count > 0 || _inFlight is not null)
            {
                return false;
            }
        }

        return _counts.Stored == 0;
    }

    private void OpenStore()
    {
        if (_diskRoot is null)
        {
            return;
        }

        try
        {
            _store = DiskBatchStore.Open(_diskRoot, _signal, _endpoint, _diskLimit, _deliveries is null ? null : NumberEarlierBatch);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string directory = DiskBatchStore.DirectoryFor(_diskRoot, _signal, _endpoint);
            _log.Write(logger => ChimeWarnings.DiskRetryUnavailable(logger, _signal, directory, ex.Message));
        }
    }

    // The batches an earlier run left, oldest first, take their place in this run's write order: its creations requests
    // are numbered first, and what it stored after one of them waits for it.
    private long _earlierCreations;

    private DeliveryTag NumberEarlierBatch(DeliveryKind kind) => kind switch
    {
        DeliveryKind.Creations => DeliveryTag.Creations(_earlierCreations = _deliveries!.Begin()),
        DeliveryKind.Dependents => DeliveryTag.After(_earlierCreations),
        _ => DeliveryTag.Plain,
    };

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        TimeSpan backOff = s_firstBackOff;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                ExpireOrStore();
                if (_down)
                {
                    await Task.Delay(backOff, stop).ConfigureAwait(false);
                    ExpireOrStore();
                }

                (byte[]? body, ParkedBatch? parked, StoredBatch? stored, long? readyAt) = TakeNext();
                if (body is null)
                {
                    TimeSpan wait = TimeSpan.FromSeconds(1);
                    if (readyAt is { } at)
                    {
                        // Only requests waiting for creations are held: wake when the first may go (or sooner, when
                        // something is parked).
                        wait = TimeSpan.FromMilliseconds(Math.Clamp(at - Environment.TickCount64, 1, 1000));
                    }
                    else if (IsEmpty())
                    {
                        // Nothing left to probe the herald with (all given up or unreadable): let the next export try
                        // the network itself rather than wait behind a probe that will not come.
                        MarkUp();
                    }

                    await _wake.WaitAsync(wait, stop).ConfigureAwait(false);
                    continue;
                }

                long started = Environment.TickCount64;
                SendOutcome outcome = await TrySendAsync(body, stop).ConfigureAwait(false);
                if (outcome != SendOutcome.Failed)
                {
                    backOff = s_firstBackOff;
                    Finished(parked, stored, outcome == SendOutcome.Accepted);
                    TimeSpan took = TimeSpan.FromMilliseconds(Environment.TickCount64 - started);
                    await Task.Delay(took > s_minPause ? took : s_minPause, stop).ConfigureAwait(false);
                }
                else if (!_retry)
                {
                    Finished(parked, stored, accepted: false);
                }
                else
                {
                    if (parked is not null)
                    {
                        lock (_gate)
                        {
                            _memory.AddFirst(parked);
                            _inFlight = null;
                        }
                    }

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
                WarnDisk(ex.Message);
                await Task.Delay(backOff, CancellationToken.None).ConfigureAwait(false);
            }
        }

        lock (_gate)
        {
            if (_inFlight is not null)
            {
                _memory.AddFirst(_inFlight);
                _inFlight = null;
            }
        }
    }

    // The oldest batch that may go now: on disk first (what went there is older than what is still in memory), then in
    // memory. Retries keep their order; a request waiting for creations is passed over until it may go, and ReadyAt
    // says when the first of those may (null when none is known to be ready at a given time).
    private (byte[]? Body, ParkedBatch? Parked, StoredBatch? Stored, long? ReadyAt) TakeNext()
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

        if (_store?.Oldest(batch => Ready(batch.Tag)) is { } stored)
        {
            byte[]? body = _store.Read(stored);
            if (body is null)
            {
                // Unreadable (removed by hand, disk error): forgotten by the store; those of this run are lost.
                if (stored.OfThisRun)
                {
                    _counts.LeaveDisk(stored.Count, exported: false);
                }

                Resolve(stored.Tag, accepted: false);
                return (null, null, null, now);
            }

            return (body, null, stored, null);
        }

        lock (_gate)
        {
            for (LinkedListNode<ParkedBatch>? node = _memory.First; node is not null; node = node.Next)
            {
                if (Ready(node.Value.Tag))
                {
                    _memory.Remove(node);
                    _inFlight = node.Value;
                    return (node.Value.Body, node.Value, null, null);
                }
            }
        }

        return (null, null, null, readyAt);
    }

    // A creations request that left the backlog: what waits for it may follow once written (accepted), or at once when
    // it never will be (refused, given up, evicted).
    private void Resolve(DeliveryTag tag, bool accepted)
    {
        if (tag.Kind == DeliveryKind.Creations && _deliveries is not null)
        {
            if (accepted)
            {
                _deliveries.Accepted(tag.Sequence);
            }
            else
            {
                _deliveries.Abandoned(tag.Sequence);
            }
        }
    }

    // The herald answered: accepted, or refused for good (Unauthenticated, invalid), and then not sent again.
    private void Finished(ParkedBatch? parked, StoredBatch? stored, bool accepted)
    {
        if (parked is not null)
        {
            lock (_gate)
            {
                if (!ReferenceEquals(_inFlight, parked))
                {
                    // Shutdown gave up waiting for this send and counted the batch already: it is not counted twice.
                    return;
                }

                _inFlight = null;
            }

            _counts.Leave(parked.Count, accepted);
            Resolve(parked.Tag, accepted);
        }
        else if (stored is not null)
        {
            _store!.Remove(stored);
            Resolve(stored.Tag, accepted);
            if (stored.OfThisRun)
            {
                _counts.LeaveDisk(stored.Count, accepted);
            }
            else if (accepted)
            {
                _counts.Recover(stored.Count);
            }
        }
    }

    private async Task<SendOutcome> TrySendAsync(byte[] body, CancellationToken stop)
    {
        using HttpRequestMessage request = new(HttpMethod.Post, Target)
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(SendTimeout);
        try
        {
            using HttpResponseMessage response = await _send.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (TransientStatus(response) is { } status)
            {
                MarkDown(status);
                return SendOutcome.Failed;
            }

            MarkUp();
            return IsAccepted(response) ? SendOutcome.Accepted : SendOutcome.Refused;
        }
        catch (Exception ex) when (IsTransient(ex) && !stop.IsCancellationRequested)
        {
            MarkDown(ex.GetType().Name + ": " + ex.Message);
            return SendOutcome.Failed;
        }
        catch (CertificateRejectedException)
        {
            // Answered, in a way: the herald is up, and this batch is failed rather than retried (already warned about).
            MarkUp();
            return SendOutcome.Refused;
        }
    }

    private void ExpireOrStore()
    {
        long now = Environment.TickCount64;
        long window = (long)_window.TotalMilliseconds;
        List<ParkedBatch> due = [];
        lock (_gate)
        {
            long held = _counts.Inside;
            while (_memory.First is { } first
                   && (now - first.Value.ParkedAt >= window || (_store is not null && held > _counts.Capacity / 2)))
            {
                _memory.RemoveFirst();
                due.Add(first.Value);
                held -= first.Value.Count;
            }
        }

        foreach (ParkedBatch batch in due)
        {
            if (_store is not null && TryStore(batch))
            {
                continue;
            }

            _counts.Leave(batch.Count, exported: false);
            Resolve(batch.Tag, accepted: false);
            long total = Interlocked.Add(ref _givenUp, batch.Count);
            if (_lastGiveUpWarning == long.MinValue || now - _lastGiveUpWarning >= s_warningInterval)
            {
                _lastGiveUpWarning = now;
                ChimeWarnings.ExportGivenUp(_log.Logger, total - Interlocked.Exchange(ref _givenUpReported, total), _signal, _endpoint.ToString(), _window.TotalSeconds, _lastProblem);
            }
        }
    }

    private bool TryStore(ParkedBatch batch)
    {
        try
        {
            IReadOnlyList<StoredBatch> evicted = _store!.Write(batch.Body, batch.Count, batch.Tag);
            _counts.MoveToDisk(batch.Count);
            if (evicted.Count > 0)
            {
                long items = 0;
                foreach (StoredBatch old in evicted)
                {
                    _counts.Evict(old.Count, old.OfThisRun);
                    Resolve(old.Tag, accepted: false);
                    items += old.Count;
                }

                ChimeWarnings.StoredBatchesEvicted(_log.Logger, items, _signal, _store.Directory, _store.LimitBytes / (1024.0 * 1024.0));
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WarnDisk(ex.Message);
            return false;
        }
    }

    private void WarnDisk(string reason)
    {
        long now = Environment.TickCount64;
        if (_lastDiskWarning == long.MinValue || now - _lastDiskWarning >= s_warningInterval)
        {
            _lastDiskWarning = now;
            ChimeWarnings.DiskRetryWriteFailed(_log.Logger, _signal, _store?.Directory ?? _diskRoot ?? "", reason);
        }
    }

    /// <summary>A batch waiting in memory: the export request's bytes, its item count, when it was parked, and its place in the write order.</summary>
    private sealed record ParkedBatch(byte[] Body, int Count, long ParkedAt, DeliveryTag Tag);

    private enum SendOutcome
    {
        Accepted,
        Refused,
        Failed,
    }
}

/// <summary>Where the export path's warnings go; those written before logging is built wait for it.</summary>
internal sealed class ExportLogSink
{
    private readonly Lock _gate = new();
    private readonly List<Action<ILogger>> _early = [];
    private ILogger? _logger;

    public ILogger Logger => _logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>Sets the logger and writes what waited for it.</summary>
    public void Connect(ILogger logger)
    {
        lock (_gate)
        {
            _logger = logger;
            foreach (Action<ILogger> write in _early)
            {
                write(logger);
            }

            _early.Clear();
        }
    }

    public void Write(Action<ILogger> write)
    {
        lock (_gate)
        {
            if (_logger is null)
            {
                _early.Add(write);
                return;
            }
        }

        write(_logger);
    }
}
