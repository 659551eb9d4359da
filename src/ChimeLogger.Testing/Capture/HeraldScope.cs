namespace ChimeLogger.Testing;

/// <summary>
/// One <see cref="TestHerald"/>'s share of what the shared tracer records: the spans started and the log records
/// written in its flow (docs/helix-contract.md §7, "Parallel tests").
/// </summary>
internal sealed class HeraldScope
{
    /// <summary>The scope of the current flow; set by <see cref="TestHerald.Start"/>, it flows into tasks and awaits.</summary>
    public static readonly AsyncLocal<HeraldScope?> Current = new();

    private readonly object _gate = new();
    private readonly List<ReceivedSpan> _spans = [];
    private readonly List<ReceivedLogRecord> _logRecords = [];
    private volatile bool _open = true;

    public bool IsOpen => _open;

    public int Version { get; private set; }

    public void Add(ReceivedSpan span)
    {
        lock (_gate)
        {
            if (_open)
            {
                _spans.Add(span);
                Version++;
            }
        }
    }

    public void Add(ReceivedLogRecord record)
    {
        lock (_gate)
        {
            if (_open)
            {
                _logRecords.Add(record);
                Version++;
            }
        }
    }

    public (ReceivedSpan[] Spans, ReceivedLogRecord[] LogRecords, int Version) Snapshot()
    {
        lock (_gate)
        {
            return (_spans.ToArray(), _logRecords.ToArray(), Version);
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _open = false;
        }
    }
}
