using ChimeLogger.Contract;

namespace ChimeLogger;

/// <summary>
/// Span attribute, event and log field names of the HelixObs wire contract (docs/helix-contract.md §1, §2, §4).
/// The herald reads the <c>helix.*</c> system attributes only when they are strings.
/// </summary>
public static class HelixAttributes
{
    /// <summary>Entity id of a create or operate span.</summary>
    public const string EntityId = SpanKeys.EntityId;
    /// <summary>Instrument id, on every span.</summary>
    public const string InstrumentId = SpanKeys.InstrumentId;
    /// <summary>Comma-joined parent ids, on create spans with parents.</summary>
    public const string ParentIds = SpanKeys.ParentIds;
    /// <summary>The string <c>"true"</c>, on every operate span.</summary>
    public const string IsOperation = SpanKeys.IsOperation;
    /// <summary>Entity id of the enclosing create/operate span, on child spans.</summary>
    public const string LogEntityId = SpanKeys.LogEntityId;
    /// <summary>Process label (<c>CHIME/&lt;pipeline&gt;</c>), on create spans and the resource.</summary>
    public const string ProcessName = SpanKeys.ProcessName;

    /// <summary>Resource type of the entity, on create and operate spans.</summary>
    public const string ResourceType = SpanKeys.ResourceType;
    /// <summary>Pipeline name, on create and operate spans.</summary>
    public const string Pipeline = SpanKeys.Pipeline;
    /// <summary>Site (<c>chime</c>, <c>kko</c>, <c>gbo</c>, <c>hco</c>), on create and operate spans.</summary>
    public const string Site = SpanKeys.Site;
    /// <summary>Set to <c>"true"</c> when instrumented work ended through its own cancellation token.</summary>
    public const string Cancelled = SpanKeys.Cancelled;

    /// <summary>Prefix of every span event the herald keeps.</summary>
    public const string EventPrefix = EventNames.Prefix;
    /// <summary>Name of the error event that marks an entity <c>has_error</c>.</summary>
    public const string ErrorEvent = EventNames.Error;
    /// <summary>Error metadata key the herald fingerprints for notification de-duplication.</summary>
    public const string MessageKey = EventNames.MessageKey;
    /// <summary>Error metadata key the Error Entities dashboard groups by; the entity span's name when the caller gives none.</summary>
    public const string StageKey = EventNames.StageKey;

    /// <summary>
    /// The contract keys that only ChimeLogger writes (docs/helix-contract.md §1): the herald decides from them whether a
    /// span is an entity, an operation or a plain trace, so a user value under one of these keys would change what the
    /// herald stores. <c>SetAttribute</c>, <c>Complete</c> metadata and <c>[SpanAttribute]</c> refuse them with a warning;
    /// the entity id is set through <c>SetEntityId</c>.
    /// </summary>
    public static IReadOnlyList<string> ReservedKeys { get; } = Array.AsReadOnly(SpanKeys.Reserved);

    /// <summary>Whether <paramref name="key"/> is one of the <see cref="ReservedKeys"/>, which user code may not write.</summary>
    /// <param name="key">An attribute key.</param>
    /// <returns><see langword="true"/> for a reserved contract key.</returns>
    public static bool IsReserved(string key) => key switch
    {
        EntityId or InstrumentId or ParentIds or IsOperation or LogEntityId or ResourceType or Pipeline or Site => true,
        _ => false,
    };
}
