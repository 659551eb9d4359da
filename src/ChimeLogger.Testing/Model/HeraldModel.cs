namespace ChimeLogger.Testing;

/// <summary>
/// What the herald would have stored from a set of spans and log records: its entities, the log records and the
/// telemetry it would have ignored (with the reason). Build one with <see cref="Project"/>, or read the live one of a
/// <see cref="TestHerald"/>.
/// </summary>
public sealed class HeraldModel
{
    private readonly Dictionary<string, HeraldEntity> _byId;

    internal HeraldModel(IReadOnlyList<HeraldEntity> entities, IReadOnlyList<HeraldLog> logs, IReadOnlyList<string> ignored)
    {
        Entities = entities;
        Logs = logs;
        Ignored = ignored;
        _byId = entities.ToDictionary(static entity => entity.Id, StringComparer.Ordinal);
        foreach (HeraldEntity entity in entities)
        {
            entity.Model = this;
        }
    }

    /// <summary>
    /// Applies the herald's storage rules (docs/helix-contract.md §7) to <paramref name="spans"/>, in the order they
    /// reached it, and attaches <paramref name="logRecords"/> to the entities whose ids they carry. Pure: the same input
    /// gives the same model, and nothing else is read.
    /// </summary>
    /// <param name="spans">The spans in the order they arrived (for spans exported by ChimeLogger: the order they ended).</param>
    /// <param name="logRecords">The log records, or <see langword="null"/> for none.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spans"/> is <see langword="null"/>.</exception>
    public static HeraldModel Project(IEnumerable<ReceivedSpan> spans, IEnumerable<ReceivedLogRecord>? logRecords = null)
    {
        ArgumentNullException.ThrowIfNull(spans);
        return HeraldProjection.Project(spans, logRecords ?? []);
    }

    /// <summary>The entities the herald would have, in the order they were created (by span start).</summary>
    public IReadOnlyList<HeraldEntity> Entities { get; }

    /// <summary>Every log record, whether or not it belongs to an entity, oldest first.</summary>
    public IReadOnlyList<HeraldLog> Logs { get; }

    /// <summary>
    /// What the herald would not store, one sentence each: spans without a string entity id that carry
    /// <c>helix.*</c> events, events whose names do not start with <c>helix.</c>, creations after the first,
    /// operations sharing a trace, operation rows beyond the 10 kept.
    /// </summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>The entity with the id <paramref name="id"/>, or <see langword="null"/> when the herald would have none.</summary>
    /// <param name="id">The entity id, exactly as sent.</param>
    /// <returns>The entity or <see langword="null"/>.</returns>
    public HeraldEntity? Entity(string id) => id is not null && _byId.TryGetValue(id, out HeraldEntity? entity) ? entity : null;

    /// <summary>Returns the entity <paramref name="id"/>, or throws a <see cref="HeraldAssertionException"/> that describes every entity the herald would have.</summary>
    /// <param name="id">The entity id.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="HeraldAssertionException">The herald would have no entity <paramref name="id"/>.</exception>
    public HeraldEntity ShouldHaveEntity(string id) => HeraldAssertions.EntityOf(this, id);

    /// <summary>Throws a <see cref="HeraldAssertionException"/> when the herald would have an entity <paramref name="id"/>.</summary>
    /// <param name="id">The entity id.</param>
    /// <exception cref="HeraldAssertionException">The herald would have that entity.</exception>
    public void ShouldNotHaveEntity(string id) => HeraldAssertions.NoEntityIn(this, id);

    /// <summary>The whole model as text: every entity with its parents, operations, errors, events and logs, then what was ignored.</summary>
    /// <returns>The description.</returns>
    public string Describe() => HeraldDescription.Of(this);

    /// <inheritdoc/>
    public override string ToString() => $"herald model with {Entities.Count} entities and {Logs.Count} log records";
}
