using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChimeLogger.Export;

/// <summary>
/// The create spans that have started and not yet been handed to the exporter: open, or ended and still queued. An
/// operation on one of their entities must not reach the herald first (docs/helix-contract.md §7), so
/// <see cref="OrderedDelivery"/> holds it back, for at most <see cref="ChimeLoggerOptions.OpenCreationWaitLimit"/>.
/// The span opener adds each create when it starts it (the span's id may be set later, so the span is kept, not its
/// id); the trace processor forgets one it will not export, the exporter each one it hands on. A create open ten times the limit
/// (five minutes by default) is forgotten too, so that a span that is never ended is not kept alive: an operation on its
/// entity is then sent without waiting.
/// </summary>
internal sealed class OpenCreations(TimeSpan waitLimit)
{
    private const int ForgottenAfterLimits = 10;
    private readonly ConcurrentDictionary<Activity, byte> _open = new();

    public TimeSpan WaitLimit { get; } = waitLimit;

    public int Count => _open.Count;

    /// <summary>A create span started (on the instrumented thread: one dictionary write, no wait; no processor call per span).</summary>
    public void Started(Activity create) => _open.TryAdd(create, 0);

    /// <summary>The create span was handed to the exporter, or will never be (dropped, not recorded).</summary>
    public void Forget(Activity create) => _open.TryRemove(create, out _);

    /// <summary>The entity ids of the creates still open or queued, as they read now.</summary>
    public HashSet<string> EntityIds()
    {
        DateTime oldest = DateTime.UtcNow - (WaitLimit * ForgottenAfterLimits);
        HashSet<string> ids = new(StringComparer.Ordinal);
        foreach (Activity create in _open.Keys)
        {
            if (create.StartTimeUtc < oldest)
            {
                Forget(create);
            }
            else if (OrderedDelivery.EntityIdOf(create) is { } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
