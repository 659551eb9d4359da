
namespace ChimeLogger.Testing;

/// <summary>
/// The herald's storage rules, applied to received spans and log records (docs/helix-contract.md §7). This is the
/// one place they are written: <see cref="TestHerald"/> and <see cref="HeraldModel.Project"/> both come here.
/// It reads only the wire data (names, string-typed system keys, events), never what ChimeLogger meant to send.
/// </summary>
internal static class HeraldProjection
{
    /// <summary>Operation rows kept per entity and operation name; older ones are pruned.</summary>
    public const int OperationRowsKept = 10;

    private const string ResourceNameField = "resource_name";
    private const string EntityIdField = "helix_entity_id";
    private const string UnknownResourceName = "unknown_name";
    private const string ExceptionMessageKey = "exception.message";

    public static HeraldModel Project(IEnumerable<ReceivedSpan> spans, IEnumerable<ReceivedLogRecord> logRecords)
    {
        Dictionary<string, EntityState> entities = new(StringComparer.Ordinal);
        HashSet<string> operationTraces = new(StringComparer.Ordinal);
        List<string> ignored = [];
        int arrival = 0;

        foreach (ReceivedSpan span in spans)
        {
            arrival++;

            // Only a string-typed, non-empty helix.entity.id makes an entity span; the rest is plain trace.
            string? entityId = SystemString(span, HelixAttributes.EntityId);
            if (string.IsNullOrEmpty(entityId))
            {
                NoteSpanWithoutEntity(span, ignored);
                continue;
            }

            if (!entities.TryGetValue(entityId, out EntityState? entity))
            {
                entity = new EntityState(entityId);
                entities.Add(entityId, entity);
            }

            // Exactly the string "true" makes an operation; any other value or type, a creation.
            if (SystemString(span, HelixAttributes.IsOperation) == "true")
            {
                AddOperation(entity, span, arrival, operationTraces, ignored);
            }
            else
            {
                AddCreation(entity, span, arrival, ignored);
            }

            // Events count whatever became of the span's row: the herald writes them on their own.
            CountEvents(entity, span, ignored);
        }

        List<HeraldLog> logs = logRecords.Select(ToLog).OrderBy(static log => log.Timestamp).ToList();
        ILookup<string, HeraldLog> logsByEntity = logs.Where(log => log.EntityId is not null).ToLookup(static log => log.EntityId!, StringComparer.Ordinal);

        List<HeraldEntity> result = entities.Values
            .Select(entity => entity.ToEntity(logsByEntity[entity.Id].ToList(), ignored))
            .OrderBy(static entity => entity.CreatedAt)
            .ThenBy(static entity => entity.Id, StringComparer.Ordinal)
            .ToList();
        return new HeraldModel(result, logs, ignored);
    }

    /// <summary>The first string value of <paramref name="key"/>; values of other types are not seen, as in the herald.</summary>
    internal static string? SystemString(ReceivedSpan span, string key)
    {
        foreach (KeyValuePair<string, object?> attribute in span.Attributes)
        {
            if (attribute.Key == key && attribute.Value is string text)
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>The parent ids: split on commas, each trimmed, empty ones left out.</summary>
    internal static IReadOnlyList<string> ParentsOf(ReceivedSpan span) =>
        SystemString(span, HelixAttributes.ParentIds) is { Length: > 0 } joined
            ? joined.Split(',').Select(static id => id.Trim()).Where(static id => id.Length > 0).ToArray()
            : [];

    /// <summary>The herald's system keys are not metadata.</summary>
    private static bool IsMetadataKey(string key) =>
        key is not (HelixAttributes.EntityId or HelixAttributes.InstrumentId or HelixAttributes.ParentIds or HelixAttributes.IsOperation);

    private static void AddCreation(EntityState entity, ReceivedSpan span, int arrival, List<string> ignored)
    {
        IReadOnlyList<string> parents = ParentsOf(span);

        // A creation is stored unless a row of the id exists that has parents, or this one has none: so the first
        // creation wins, except that a creation with parents is still stored over rows without (docs/helix-contract.md §7).
        EntityRow? blocking = entity.Rows.FirstOrDefault(row => row.Parents.Count > 0 || parents.Count == 0);
        if (blocking is not null)
        {
            if (blocking.Stage is null)
            {
                // The root-entity loss: the placeholder stays, with no type, metadata, trace or creation in its history.
                entity.LostCreationStage ??= span.Name;
                ignored.Add($"The creation of '{entity.Id}' by '{span.Name}' was lost: an operation on '{entity.Id}' reached the herald first and made a placeholder, and a creation without parents does not replace it.");
            }
            else
            {
                ignored.Add($"The creation of '{entity.Id}' by '{span.Name}' was not stored: '{blocking.Stage}' created it first.");
            }

            return;
        }

        entity.Rows.Add(new EntityRow(span.Name, span.StartTime, parents, HeraldValueText.Map(span.Attributes, IsMetadataKey), arrival));
    }

    private static void AddOperation(EntityState entity, ReceivedSpan span, int arrival, HashSet<string> operationTraces, List<string> ignored)
    {
        if (entity.Rows.Count == 0)
        {
            entity.Rows.Add(new EntityRow(null, span.StartTime, [], new Dictionary<string, string>(), arrival));
        }

        if (!operationTraces.Add(span.TraceId))
        {
            ignored.Add($"The operation '{span.Name}' on '{entity.Id}' was not stored: an earlier operation had the same trace id {span.TraceId} (one operation per trace).");
            return;
        }

        List<HeraldError> errors = [];
        List<HeraldEvent> events = [];
        foreach (ReceivedSpanEvent spanEvent in span.Events)
        {
            if (!spanEvent.Name.StartsWith(HelixAttributes.EventPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            IReadOnlyDictionary<string, string> attributes = HeraldValueText.Map(spanEvent.Attributes);
            if (spanEvent.Name == HelixAttributes.ErrorEvent)
            {
                errors.Add(new HeraldError(spanEvent.Timestamp, attributes, 1));
            }
            else
            {
                events.Add(new HeraldEvent(spanEvent.Name, spanEvent.Timestamp, attributes, 1));
            }
        }

        entity.Operations.Add(new OperationRow(
            new HeraldOperation(span.Name, span.TraceId, span.StartTime, HeraldValueText.Map(span.Attributes, IsMetadataKey), errors, events),
            arrival));
    }

    private static void CountEvents(EntityState entity, ReceivedSpan span, List<string> ignored)
    {
        foreach (ReceivedSpanEvent spanEvent in span.Events)
        {
            if (!spanEvent.Name.StartsWith(HelixAttributes.EventPrefix, StringComparison.Ordinal))
            {
                ignored.Add($"The event '{spanEvent.Name}' on span '{span.Name}' of '{entity.Id}' was dropped: the herald keeps only events whose names start with 'helix.'.");
                continue;
            }

            IReadOnlyDictionary<string, string> attributes = HeraldValueText.Map(spanEvent.Attributes);
            (string, string) key = (spanEvent.Name, MessageNormaliser.Normalise(DedupMessage(attributes)));
            if (entity.Tallies.TryGetValue(key, out EventTally? tally))
            {
                // The first written keeps its row; the de-duplication row counts and keeps the last one's attributes.
                tally.Count++;
                tally.Latest = attributes;
            }
            else
            {
                entity.Tallies.Add(key, new EventTally(spanEvent.Name, spanEvent.Timestamp, attributes, entity.Tallies.Count));
            }
        }
    }

    /// <summary>What the herald de-duplicates repeated events on: <c>message</c>, or <c>exception.message</c> when that is empty.</summary>
    internal static string DedupMessage(IReadOnlyDictionary<string, string> attributes) =>
        attributes.TryGetValue(HelixAttributes.MessageKey, out string? message) && message.Length > 0 ? message
        : attributes.TryGetValue(ExceptionMessageKey, out string? exceptionMessage) ? exceptionMessage
        : string.Empty;

    private static void NoteSpanWithoutEntity(ReceivedSpan span, List<string> ignored)
    {
        object? entityId = span.Attribute(HelixAttributes.EntityId);
        string? logEntityId = span.Attribute(HelixAttributes.LogEntityId) as string;
        int helixEvents = span.Events.Count(static e => e.Name.StartsWith(HelixAttributes.EventPrefix, StringComparison.Ordinal));

        if (entityId is not null and not string)
        {
            ignored.Add($"The span '{span.Name}' carries helix.entity.id as a {entityId.GetType().Name}, not a string: the herald sees a plain trace, no entity.");
        }
        else if (entityId is "")
        {
            ignored.Add($"The span '{span.Name}' carries an empty helix.entity.id: the herald sees a plain trace, no entity.");
        }
        else if (SystemString(span, HelixAttributes.IsOperation) == "true")
        {
            ignored.Add($"The operation '{span.Name}' has no helix.entity.id: it is linked to no entity.");
        }

        if (helixEvents > 0)
        {
            string where = logEntityId is null ? string.Empty : $" (a child span of '{logEntityId}')";
            ignored.Add($"{helixEvents} helix.* event(s) on the span '{span.Name}'{where} were dropped: the herald keeps events only on spans with a string helix.entity.id.");
        }
    }

    private static HeraldLog ToLog(ReceivedLogRecord record)
    {
        IReadOnlyDictionary<string, string> attributes = HeraldValueText.Map(record.Attributes);
        string? entityId = null;
        if (attributes.TryGetValue(EntityIdField, out string? helixEntityId) && helixEntityId.Length > 0)
        {
            entityId = helixEntityId;
        }
        else if (attributes.TryGetValue(ResourceNameField, out string? resourceName) && resourceName.Length > 0 && resourceName != UnknownResourceName)
        {
            entityId = resourceName;
        }

        return new HeraldLog(record, entityId, attributes);
    }

    private sealed record EntityRow(string? Stage, DateTimeOffset Start, IReadOnlyList<string> Parents, IReadOnlyDictionary<string, string> Metadata, int Arrival);

    private sealed record OperationRow(HeraldOperation Operation, int Arrival);

    private sealed class EventTally(string name, DateTimeOffset timestamp, IReadOnlyDictionary<string, string> attributes, int order)
    {
        public string Name { get; } = name;
        public DateTimeOffset Timestamp { get; } = timestamp;
        public IReadOnlyDictionary<string, string> Attributes { get; } = attributes;
        public int Order { get; } = order;
        public int Count { get; set; } = 1;
        public IReadOnlyDictionary<string, string> Latest { get; set; } = attributes;
    }

    private sealed class EntityState(string id)
    {
        public string Id { get; } = id;
        public List<EntityRow> Rows { get; } = [];
        public List<OperationRow> Operations { get; } = [];
        public Dictionary<(string Name, string Message), EventTally> Tallies { get; } = [];
        public string? LostCreationStage { get; set; }

        public HeraldEntity ToEntity(IReadOnlyList<HeraldLog> logs, List<string> ignored)
        {
            // The row the herald shows: the most parents, then a real creation over a placeholder, then the earliest.
            EntityRow shown = Rows
                .OrderByDescending(static row => row.Parents.Count)
                .ThenBy(static row => row.Stage is null ? 1 : 0)
                .ThenBy(static row => row.Arrival)
                .First();

            List<HeraldOperation> operations = [];
            foreach (IGrouping<string, OperationRow> byName in Operations.GroupBy(static row => row.Operation.Name, StringComparer.Ordinal))
            {
                List<OperationRow> rows = byName.OrderBy(static row => row.Arrival).ToList();
                int pruned = rows.Count - OperationRowsKept;
                if (pruned > 0)
                {
                    ignored.Add($"{pruned} older '{byName.Key}' operation row(s) of '{Id}' were pruned: the herald keeps the {OperationRowsKept} most recent per entity and operation name.");
                    rows.RemoveRange(0, pruned);
                }

                operations.AddRange(rows.Select(static row => row.Operation));
            }

            operations = operations.OrderBy(static operation => operation.StartTime).ToList();
            List<EventTally> tallies = Tallies.Values.OrderBy(static tally => tally.Timestamp).ThenBy(static tally => tally.Order).ToList();
            List<HeraldError> errors = tallies
                .Where(static tally => tally.Name == HelixAttributes.ErrorEvent)
                .Select(static tally => new HeraldError(tally.Timestamp, tally.Attributes, tally.Count, tally.Latest))
                .ToList();
            List<HeraldEvent> events = tallies
                .Where(static tally => tally.Name != HelixAttributes.ErrorEvent)
                .Select(static tally => new HeraldEvent(tally.Name, tally.Timestamp, tally.Attributes, tally.Count, tally.Latest))
                .ToList();

            return new HeraldEntity(
                Id, shown.Stage, shown.Start, shown.Parents, shown.Metadata, operations, errors, events, logs, shown.Stage is null ? LostCreationStage : null);
        }
    }
}
