namespace ChimeLogger.Tracing;

/// <summary>
/// What a tracer shares with every span it opens: where its warnings go, the parent store its creates write, and how it
/// reads ids. A <see cref="HelixToken"/> keeps the state of the tracer that opened it, so that a write made through the
/// token (a deferred entity id, a create's parent entry) reaches that tracer even when another one is current by then.
/// </summary>
internal sealed class TracerState
{
    private static TracerState? s_current;

    public TracerState(SpanWarnings warnings, ParentStore parents)
    {
        Warnings = warnings;
        Parents = parents;
    }

    /// <summary>The state of the process tracer, published by the façade; <see langword="null"/> when none is set up.</summary>
    public static TracerState? Current => Volatile.Read(ref s_current);

    /// <summary>The warnings of the process tracer, or warnings that go nowhere when none is set up.</summary>
    public static SpanWarnings CurrentWarnings => Current?.Warnings ?? SpanWarnings.Silent;

    public SpanWarnings Warnings { get; }

    public ParentStore Parents { get; }

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
