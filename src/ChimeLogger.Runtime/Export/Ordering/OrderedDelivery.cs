using System.Diagnostics;
using ChimeLogger.Diagnostics;
using OpenTelemetry;

namespace ChimeLogger.Export;

/// <summary>
/// Sends each batch of spans in an order the herald's concurrent writes cannot undo (docs/helix-contract.md §7). The
/// herald answers an export at once and writes each span of it in parallel, with no unique key on entities: an
/// operation written before the creation of its entity makes a placeholder row, and a creation without parents written
/// after that row is dropped. So a batch is split in two requests:
/// <list type="number">
/// <item>the creations, with the spans that are no entity's and the operations on entities whose creation the herald
/// has written already (or that this process never sent): numbered by <see cref="CreationDeliveries"/>;</item>
/// <item>the operations on entities created by a request the herald may still be writing: tagged to wait for it, they
/// leave once <see cref="CreationDeliveries.Pause"/> has passed since the herald accepted it.</item>
/// </list>
/// An operation whose entity's create span has not been handed on yet (<see cref="OpenCreations"/>: the operate ended
/// inside the create, or the create still waits in the queue) is held here until it has, for at most
/// <see cref="ChimeLoggerOptions.OpenCreationWaitLimit"/>. Nothing here waits: both requests are handed on at once and
/// <see cref="ExportBacklog"/> sends the second when it is due, from memory or disk, so the export thread is never
/// held by the pause. Calls run under one lock (the batch processor's thread, a timer for operations held here, a
/// flush); the exporter under it is never called twice at once.
/// </summary>
internal sealed class OrderedDelivery : IDisposable
{
    // Entity ids remembered with the creations request that carried them, until that request is settled. Past this many
    // (a long outage), the oldest are forgotten, and an operation on an id not found waits for the newest forgotten
    // request instead, which is never too early.
    private const int RememberedIds = 65_536;

    private readonly Lock _sync = new();
    private readonly OpenCreations _open;
    private readonly CreationDeliveries _deliveries;
    private readonly Func<Activity[], DeliveryTag, ExportAttempt> _send;
    private readonly WarningLog _warnings;
    private readonly WarningThrottle _sentEarly = new(WarningThrottle.OncePerMinute);
    private readonly Dictionary<string, long> _createdIn = new(StringComparer.Ordinal);
    private readonly Queue<(long Sequence, List<string> Ids)> _creations = new();
    private readonly List<Held> _held = [];
    private readonly Timer _timer;
    private volatile int _heldCount;
    private long _forgottenThrough;
    private bool _stopped;

    /// <param name="open">The create spans not handed on yet.</param>
    /// <param name="deliveries">Numbers creations requests and says when what waits for them may follow.</param>
    /// <param name="send">Exports part of a batch with its tag, returning what became of it.</param>
    /// <param name="warnings">Where the warning about operations sent before their open creation goes.</param>
    public OrderedDelivery(OpenCreations open, CreationDeliveries deliveries, Func<Activity[], DeliveryTag, ExportAttempt> send, WarningLog warnings)
    {
        _open = open;
        _deliveries = deliveries;
        _send = send;
        _warnings = warnings;
        _timer = new Timer(static state => ((OrderedDelivery)state!).OnTimer(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Operations held for a creation still open.</summary>
    public int HeldCount => _heldCount;

    /// <summary>The <c>helix.entity.id</c> of a span as the herald reads it: a non-empty string, else none.</summary>
    public static string? EntityIdOf(Activity span) => span.GetTagItem(HelixAttributes.EntityId) is string { Length: > 0 } id ? id : null;

    /// <summary>Exports a batch in order; what must wait leaves with its tag, what waits for an open creation is held.</summary>
    public ExportResult Export(in Batch<Activity> batch)
    {
        List<Activity> spans = new((int)batch.Count);
        foreach (Activity span in batch)
        {
            spans.Add(span);
        }

        lock (_sync)
        {
            return Deliver(spans, sendHeld: false);
        }
    }

    /// <summary>
    /// Sends the operations held for a creation still open (a flush or shutdown: what has ended is delivered now), in
    /// order with what was sent before them. Waits at most <paramref name="timeoutMilliseconds"/> for an export in
    /// progress (a herald that does not answer holds it; a negative timeout, OpenTelemetry's "no limit", waits as long as it
    /// takes); false when that ran out.
    /// </summary>
    public bool SendHeld(int timeoutMilliseconds)
    {
        if (_heldCount == 0)
        {
            return true;
        }

        if (!_sync.TryEnter(timeoutMilliseconds < 0 ? Timeout.Infinite : timeoutMilliseconds))
        {
            return false;
        }

        try
        {
            if (_held.Count > 0)
            {
                Deliver([], sendHeld: true);
            }

            return true;
        }
        finally
        {
            _sync.Exit();
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _stopped = true;
        }

        _timer.Dispose();
    }

    private static bool IsOperation(Activity span) => span.GetTagItem(HelixAttributes.IsOperation) as string == "true";

    private ExportResult Deliver(List<Activity> spans, bool sendHeld)
    {
        long now = Environment.TickCount64;
        List<Activity> first = new(spans.Count + _held.Count);
        List<string> created = [];
        List<Held> operations = [.. _held];
        _held.Clear();
        foreach (Activity span in spans)
        {
            // The herald's own reading (docs/helix-contract.md §1): a string entity id makes an entity span, and the
            // string "true" an operation.
            string? id = EntityIdOf(span);
            if (id is not null && IsOperation(span))
            {
                operations.Add(new Held(span, id, now));
                continue;
            }

            first.Add(span);
            if (id is not null)
            {
                created.Add(id);
                _open.Forget(span);
            }
        }

        long sequence = 0;
        if (created.Count > 0)
        {
            sequence = _deliveries.Begin();
            Remember(sequence, created);
        }

        List<Activity> after = [];
        long waitFor = 0;
        int sentEarly = 0;
        Held? example = null;
        if (operations.Count > 0)
        {
            HashSet<string> open = _open.EntityIds();
            long limit = (long)_open.WaitLimit.TotalMilliseconds;
            foreach (Held operation in operations)
            {
                if (open.Contains(operation.Id))
                {
                    if (!sendHeld && now - operation.Since < limit)
                    {
                        _held.Add(operation);
                        continue;
                    }

                    sentEarly++;
                    example ??= operation;
                }

                long createdIn = _createdIn.TryGetValue(operation.Id, out long request) ? request : _forgottenThrough;
                if (createdIn == 0 || _deliveries.IsSettled(createdIn))
                {
                    first.Add(operation.Span);
                }
                else
                {
                    after.Add(operation.Span);
                    waitFor = Math.Max(waitFor, createdIn);
                }
            }
        }

        bool failed = false;
        if (first.Count > 0)
        {
            ExportAttempt attempt = _send([.. first], sequence > 0 ? DeliveryTag.Creations(sequence) : DeliveryTag.Plain);
            failed |= !attempt.Succeeded;
            if (sequence > 0)
            {
                if (attempt.Accepted)
                {
                    _deliveries.Accepted(sequence);
                }
                else if (!attempt.Parked)
                {
                    // Failed without being kept for a retry: it will never be written, so nothing waits for it.
                    _deliveries.Abandoned(sequence);
                }
            }
        }

        if (after.Count > 0)
        {
            failed |= !_send([.. after], DeliveryTag.After(waitFor)).Succeeded;
        }

        if (example is { } early)
        {
            NoteSentEarly(sentEarly, early);
        }

        _heldCount = _held.Count;
        ForgetSettled();
        WakeForHeld(now);
        return failed ? ExportResult.Failure : ExportResult.Success;
    }

    private void Remember(long sequence, List<string> ids)
    {
        foreach (string id in ids)
        {
            _createdIn[id] = sequence;
        }

        _creations.Enqueue((sequence, ids));
    }

    private void ForgetSettled()
    {
        while (_creations.TryPeek(out (long Sequence, List<string> Ids) oldest)
               && (_deliveries.IsSettled(oldest.Sequence) || _createdIn.Count > RememberedIds))
        {
            _creations.Dequeue();
            if (!_deliveries.IsSettled(oldest.Sequence))
            {
                _forgottenThrough = Math.Max(_forgottenThrough, oldest.Sequence);
            }

            foreach (string id in oldest.Ids)
            {
                if (_createdIn.TryGetValue(id, out long sequence) && sequence == oldest.Sequence)
                {
                    _createdIn.Remove(id);
                }
            }
        }
    }

    // Held operations leave when their creation is handed on (the next batch) or their wait runs out: the timer covers
    // a pipeline that sends no next batch.
    private void WakeForHeld(long now)
    {
        if (_stopped)
        {
            return;
        }

        if (_held.Count == 0)
        {
            _timer.Change(Timeout.Infinite, Timeout.Infinite);
            return;
        }

        long limit = (long)_open.WaitLimit.TotalMilliseconds;
        long due = _held.Min(static held => held.Since) + limit - now;
        _timer.Change(Math.Clamp(due, 1, limit) + 1, Timeout.Infinite);
    }

    private void OnTimer()
    {
        lock (_sync)
        {
            if (_stopped || _held.Count == 0)
            {
                return;
            }

            try
            {
                Deliver([], sendHeld: false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A timer callback must not end the process; the exporter counts what it could not send.
            }
        }
    }

    private void NoteSentEarly(int count, Held operation)
    {
        if (_sentEarly.Occurred(count, out long since))
        {
            ChimeWarnings.OperationBeforeOpenCreation(
                _warnings.Logger, since, operation.Span.DisplayName, operation.Id, _open.WaitLimit.TotalSeconds);
        }
    }

    /// <summary>An operation and since when it has waited (<see cref="Environment.TickCount64"/>).</summary>
    private readonly record struct Held(Activity Span, string Id, long Since);
}
