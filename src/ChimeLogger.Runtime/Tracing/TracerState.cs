using System.Diagnostics;
using System.Runtime.CompilerServices;
using ChimeLogger.Lifetime;

namespace ChimeLogger.Tracing;

/// <summary>
/// What a tracer shares with every span it opens: the source it starts them from, where its warnings go, the parent
/// store its creates write, and how it reads ids. A <see cref="HelixToken"/> finds the state of the tracer that opened
/// its span through the span's source (<see cref="Of"/>), so that a write made through the token (a deferred resource
/// name, a create's parent entry) reaches that tracer even when another one is current by then, and the token stays
/// two references wide.
/// </summary>
internal sealed class TracerState
{
    private static readonly ConditionalWeakTable<ActivitySource, TracerState> s_bySource = new();
    private static TracerState? s_current;

    public TracerState(SpanWarnings warnings, ParentStore parents)
    {
        Warnings = warnings;
        Parents = parents;
        Source = ChimeActivitySource.Create();
        s_bySource.AddOrUpdate(Source, this);
    }

    /// <summary>The source this tracer's spans are started from.</summary>
    public ActivitySource Source { get; }

    /// <summary>The state of the process tracer, published by the façade; <see langword="null"/> when none is set up.</summary>
    public static TracerState? Current => Volatile.Read(ref s_current);

    /// <summary>The warnings of the process tracer, or warnings that go nowhere when none is set up.</summary>
    public static SpanWarnings CurrentWarnings => Current?.Warnings ?? SpanWarnings.Silent;

    public SpanWarnings Warnings { get; }

    public ParentStore Parents { get; }

    /// <summary>The spans this tracer started that may still be open, ended for the herald when the process ends first.</summary>
    public OpenSpans OpenSpans { get; } = new();

    /// <summary>The state of the tracer whose source started <paramref name="source"/>'s spans, if it is ChimeLogger's.</summary>
    public static TracerState? Of(ActivitySource source) => s_bySource.TryGetValue(source, out TracerState? state) ? state : null;

    /// <summary>Makes <paramref name="state"/> the state of the process tracer.</summary>
    public static void Publish(TracerState state) => Volatile.Write(ref s_current, state);

    /// <summary>Forgets <paramref name="state"/> if it is still the state of the process tracer.</summary>
    public static void Withdraw(TracerState state) => Interlocked.CompareExchange(ref s_current, null, state);

    /// <summary>
    /// The id as it is sent: trimmed (the herald does not trim <c>helix.entity.id</c>, docs/helix-contract.md §1), with a
    /// warning once per distinct untrimmed id and a warning for an id long enough to be a payload passed by mistake.
    /// </summary>
    public string? IdOf(string? id, string span)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return id; // refused by the caller with its own warning
        }

        if (ResourceNames.NeedsTrim(id))
        {
            Warnings.UntrimmedId(span, id);
            id = id.Trim();
        }

        if (id.Length > ResourceNames.LongIdWarningLength)
        {
            Warnings.LongId(span, id.Length);
        }

        return id;
    }
}
