namespace ChimeLogger.Tracing;

/// <summary>
/// Span attribute, event and log field names of the HelixObs wire contract (docs/helix-contract.md §1, §2, §4).
/// The herald reads the <c>helix.*</c> system attributes only when they are strings.
/// </summary>
public static class HelixAttributes
{
    /// <summary>Entity id of a create or operate span.</summary>
    public const string EntityId = "helix.entity.id";
    /// <summary>Instrument id, on every span.</summary>
    public const string InstrumentId = "helix.instrument.id";
    /// <summary>Comma-joined parent ids, on create spans with parents.</summary>
    public const string ParentIds = "helix.parent.ids";
    /// <summary>The string <c>"true"</c>, on every operate span.</summary>
    public const string IsOperation = "helix.entity.is_operation";
    /// <summary>Entity id of the enclosing create/operate span, on child spans.</summary>
    public const string LogEntityId = "helix.log.entity_id";
    /// <summary>Process label (<c>CHIME/&lt;pipeline&gt;</c>), on create spans and the resource.</summary>
    public const string ProcessName = "helix.process.name";

    /// <summary>Resource type of the entity, on create and operate spans.</summary>
    public const string ResourceType = "chime.resource_type";
    /// <summary>Pipeline name, on create and operate spans.</summary>
    public const string Pipeline = "chime.pipeline";
    /// <summary>Site (<c>chime</c>, <c>kko</c>, <c>gbo</c>, <c>hco</c>), on create and operate spans.</summary>
    public const string Site = "chime.site";
    /// <summary>Set to <c>"true"</c> when instrumented work ended through its own cancellation token.</summary>
    public const string Cancelled = "chime.cancelled";

    /// <summary>Prefix of every span event the herald keeps.</summary>
    public const string EventPrefix = "helix.";
    /// <summary>Name of the error event that marks an entity <c>has_error</c>.</summary>
    public const string ErrorEvent = "helix.error";
    /// <summary>Error metadata key the herald fingerprints for notification de-duplication.</summary>
    public const string MessageKey = "message";
    /// <summary>Error metadata key the Error Entities dashboard groups by; the entity span's name when the caller gives none.</summary>
    public const string StageKey = "stage";

    /// <summary>
    /// The contract keys that only ChimeLogger writes (docs/helix-contract.md §1): the herald decides from them whether a
    /// span is an entity, an operation or a plain trace, so a user value under one of these keys would change what the
    /// herald stores. <c>SetAttribute</c>, <c>Complete</c> metadata and <c>[SpanAttribute]</c> refuse them with a warning;
    /// the entity id is set through <c>SetEntityId</c>.
    /// </summary>
    public static IReadOnlyList<string> ReservedKeys { get; } =
        [EntityId, InstrumentId, ParentIds, IsOperation, LogEntityId, ResourceType, Pipeline, Site];

    /// <summary>Whether <paramref name="key"/> is one of the <see cref="ReservedKeys"/>, which user code may not write.</summary>
    /// <param name="key">An attribute key.</param>
    /// <returns><see langword="true"/> for a reserved contract key.</returns>
    public static bool IsReserved(string key) => key switch
    {
        EntityId or InstrumentId or ParentIds or IsOperation or LogEntityId or ResourceType or Pipeline or Site => true,
        _ => false,
    };
}
