using System.Diagnostics;

namespace ChimeLogger.Lifetime;

/// <summary>
/// The helix spans a tracer has started and that may still be open, on any thread, so that a process that ends while
/// they run (a signal, an exit, a crash) can end them and export them, instead of losing the work in flight.
/// </summary>
/// <remarks>
/// Spans start and end on every instrumented call, so the record costs no allocation and no lock on that path: a span
/// takes a slot of an array with one compare-and-swap, and is never removed when it ends. A slot whose span has ended
/// is free again: the next span to start takes it. Each thread starts its search where its last span went, so that
/// threads rarely meet on one slot; the array doubles only when a whole pass finds every span in it still open. The
/// ended spans the slots still hold are kept alive until their slot is taken again: at most one array of them.
/// </remarks>
internal sealed class OpenSpans
{
    private const int InitialSlots = 64;

    [ThreadStatic]
    private static int t_next;

    private readonly object _growing = new();
    private Activity?[] _slots = new Activity?[InitialSlots];

    /// <summary>How many slots there are (for tests: the array grows only while that many spans are open at once).</summary>
    internal int Capacity => Volatile.Read(ref _slots).Length;

    /// <summary>Records <paramref name="span"/>, just started.</summary>
    public void Add(Activity span)
    {
        while (true)
        {
            Activity?[] slots = Volatile.Read(ref _slots);
            int mask = slots.Length - 1;
            // A thread's first span starts from a place of its own, so that threads spread over the array.
            int start = t_next != 0 ? t_next : Environment.CurrentManagedThreadId * 8;
            for (int probe = 0; probe <= mask; probe++)
            {
                int index = (start + probe) & mask;
                Activity? held = Volatile.Read(ref slots[index]);
                if ((held is null || held.IsStopped) && Interlocked.CompareExchange(ref slots[index], span, held) == held)
                {
                    t_next = index + 1;

                    // A span written into an array that was replaced meanwhile may have missed the copy: it goes into
                    // the new one too (a span held twice is ended once: the second finds it stopped).
                    if (ReferenceEquals(Volatile.Read(ref _slots), slots))
                    {
                        return;
                    }

                    break;
                }
            }

            Grow(slots);
        }
    }

    /// <summary>The spans recorded that are still open now.</summary>
    public List<Activity> Snapshot()
    {
        Activity?[] slots = Volatile.Read(ref _slots);
        List<Activity> open = [];
        HashSet<Activity> seen = new(ReferenceEqualityComparer.Instance);
        foreach (Activity? span in slots)
        {
            if (span is { IsStopped: false } && seen.Add(span))
            {
                open.Add(span);
            }
        }

        return open;
    }

    private void Grow(Activity?[] full)
    {
        lock (_growing)
        {
            if (!ReferenceEquals(Volatile.Read(ref _slots), full))
            {
                return; // another thread grew it
            }

            // Every span keeps its index, so a span written into the old array while it is copied is found in its slot.
            Activity?[] larger = new Activity?[full.Length * 2];
            for (int i = 0; i < full.Length; i++)
            {
                larger[i] = Volatile.Read(ref full[i]);
            }

            Volatile.Write(ref _slots, larger);

            // A span that went into the old array after its slot was copied, by a thread that then still saw the old
            // array as current, is carried over now.
            for (int i = 0; i < full.Length; i++)
            {
                Activity? late = Volatile.Read(ref full[i]);
                if (late is { IsStopped: false } && !ReferenceEquals(Volatile.Read(ref larger[i]), late))
                {
                    Add(late);
                }
            }
        }
    }
}
