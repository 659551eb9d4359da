using ChimeLogger.LocalReceiver.Otlp;

namespace ChimeLogger.LocalReceiver.EntityView;

/// <summary>
/// What the receiver accepted, in the order it arrived, as the entity view reads it: spans and log records with their
/// value types. Append-only and bounded; <see cref="Version"/> changes whenever something is added, so readers
/// rebuild their projection only when there is something new.
/// </summary>
internal sealed class TelemetryStore(int capacity = TelemetryStore.DefaultCapacity)
{
    /// <summary>Spans kept, and as many log records: a run far beyond 10,000 entities still fits in a few GiB.</summary>
    public const int DefaultCapacity = 1_000_000;

    private readonly Lock _lock = new();
    private readonly List<RecordedSpan> _spans = [];
    private readonly List<RecordedLog> _logs = [];
    private long _version;
    private long _droppedSpans;
    private long _droppedLogs;
    private long _unreadable;

    /// <summary>Changes each time spans or log records are added.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void AddSpans(IReadOnlyCollection<RecordedSpan> spans)
    {
        lock (_lock)
        {
            int room = Math.Max(0, capacity - _spans.Count);
            _spans.AddRange(spans.Take(room));
            _droppedSpans += Math.Max(0, spans.Count - room);
            _version++;
        }
    }

    public void AddLogs(IReadOnlyCollection<RecordedLog> logs)
    {
        lock (_lock)
        {
            int room = Math.Max(0, capacity - _logs.Count);
            _logs.AddRange(logs.Take(room));
            _droppedLogs += Math.Max(0, logs.Count - room);
            _version++;
        }
    }

    /// <summary>Counts an export whose content could not be decoded (it was still forwarded).</summary>
    public void CountUnreadable()
    {
        lock (_lock)
        {
            _unreadable++;
            _version++;
        }
    }

    /// <summary>A consistent copy of everything kept so far.</summary>
    public TelemetrySnapshot Snapshot()
    {
        lock (_lock)
        {
            return new TelemetrySnapshot(_version, _spans.ToArray(), _logs.ToArray(), _droppedSpans, _droppedLogs, _unreadable);
        }
    }
}

/// <summary>Everything the store held at one moment.</summary>
internal sealed record TelemetrySnapshot(
    long Version,
    IReadOnlyList<RecordedSpan> Spans,
    IReadOnlyList<RecordedLog> Logs,
    long DroppedSpans,
    long DroppedLogs,
    long UnreadableExports);
