namespace ChimeLogger.Testing;

/// <summary>
/// An entity as the herald would store it: its id, the creation that made it (or none, for a placeholder), its
/// parents, its operation history, its errors and events (repeats collapsed into one with a count) and the log
/// records that carry its id. Built by <see cref="HeraldModel.Project"/>; the rules are in docs/helix-contract.md §7.
/// </summary>
public sealed class HeraldEntity
{
    internal HeraldEntity(
        string id,
        string? createdBy,
        DateTimeOffset createdAt,
        IReadOnlyList<string> parents,
        IReadOnlyDictionary<string, string> metadata,
        IReadOnlyList<HeraldOperation> operations,
        IReadOnlyList<HeraldError> errors,
        IReadOnlyList<HeraldEvent> events,
        IReadOnlyList<HeraldLog> logs,
        string? lostCreationStage = null)
    {
        LostCreationStage = lostCreationStage;
        Id = id;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
        Parents = parents;
        Metadata = metadata;
        Operations = operations;
        Errors = errors;
        Events = events;
        Logs = logs;
    }

    /// <summary>The entity id (<c>helix.entity.id</c>).</summary>
    public string Id { get; }

    /// <summary>The resource type (<c>chime.resource_type</c> in the entity's metadata), or <see langword="null"/> for a placeholder.</summary>
    public string? Type => Metadata.TryGetValue(HelixAttributes.ResourceType, out string? type) ? type : null;

    /// <summary>The stage (span name) of the creation the herald keeps, or <see langword="null"/> for a placeholder.</summary>
    public string? CreatedBy { get; }

    /// <summary>
    /// Whether the entity is a placeholder: an operation named it and no creation the herald would keep did
    /// (it has no type, no parents and no metadata).
    /// </summary>
    public bool IsPlaceholder => CreatedBy is null;

    /// <summary>
    /// The stage whose creation of this entity the herald would drop, leaving only the placeholder: a creation without
    /// parents that reached it after an operation on the entity (an operate that ended first) made the placeholder.
    /// <see langword="null"/> when no creation was lost. <c>ShouldHaveEntity</c> fails for such an entity, with the reason.
    /// </summary>
    public string? LostCreationStage { get; }

    /// <summary>The start of the creation span (for a placeholder, of the operation that made it).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The parent ids from <c>helix.parent.ids</c>, split on commas and trimmed, in the order sent.</summary>
    public IReadOnlyList<string> Parents { get; }

    /// <summary>The entity's metadata: every attribute of the creation span except the herald's system keys, as text.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Whether the herald would mark the entity <c>has_error</c>: a <c>helix.error</c> reached it from any of its spans.</summary>
    public bool HasError => Errors.Count > 0;

    /// <summary>The operation history, oldest first (at most 10 rows per operation name, the most recent kept).</summary>
    public IReadOnlyList<HeraldOperation> Operations { get; }

    /// <summary>The <c>helix.error</c> events of the entity, from all its spans; repeats with the same normalised <c>message</c> are one error with a count.</summary>
    public IReadOnlyList<HeraldError> Errors { get; }

    /// <summary>The other <c>helix.*</c> events of the entity, from all its spans; repeats with the same normalised <c>message</c> are one event with a count.</summary>
    public IReadOnlyList<HeraldEvent> Events { get; }

    /// <summary>The log records that carry this entity's id (<c>helix_entity_id</c>, else <c>resource_name</c>), oldest first.</summary>
    public IReadOnlyList<HeraldLog> Logs { get; }

    /// <summary>The model this entity belongs to; assertion messages describe it.</summary>
    internal HeraldModel? Model { get; set; }

    /// <summary>The entity as text: what the herald would show for it.</summary>
    /// <returns>A few lines: the entity, its parents, operations, errors, events and logs.</returns>
    public string Describe() => HeraldDescription.Of(this);

    /// <inheritdoc/>
    public override string ToString() => IsPlaceholder ? $"entity {Id} (placeholder)" : $"entity {Id} ({Type ?? "no type"}, created by {CreatedBy})";
}
