using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChimeLogger.Tracing;

/// <summary>
/// Entity id to span context of the creates started in this process, so that later creates can link to
/// their parents (docs/helix-contract.md §1). Thread-safe and bounded: once full, the oldest entry is evicted first.
/// </summary>
internal sealed class ParentStore
{
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<string, ActivityContext> _contexts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly int _capacity;

    public ParentStore(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count => _contexts.Count;

    public void Add(string entityId, ActivityContext context)
    {
        bool added = true;
        _contexts.AddOrUpdate(entityId, context, (_, _) => { added = false; return context; });
        if (!added)
        {
            return; // re-created entity: newest context wins, it keeps its place in the eviction order
        }

        _order.Enqueue(entityId);
        while (_contexts.Count > _capacity && _order.TryDequeue(out string? oldest))
        {
            _contexts.TryRemove(oldest, out _);
        }
    }

    public bool TryGet(string entityId, out ActivityContext context) => _contexts.TryGetValue(entityId, out context);

    public void Clear()
    {
        _contexts.Clear();
        _order.Clear();
    }
}
