using ChimeLogger.LocalReceiver.Otlp;
using ChimeLogger.Testing;

namespace ChimeLogger.LocalReceiver.EntityView;

/// <summary>
/// The herald's view of one snapshot of the store: <see cref="HeraldModel.Project"/> applied to every span and log
/// record received, in arrival order (the rules live there alone), plus what the pages look up in it: entities newest
/// first, children by parent, operation end times, the entity types.
/// </summary>
internal sealed class EntityIndex
{
    private readonly Dictionary<string, List<HeraldEntity>> _children;
    private readonly Dictionary<(string TraceId, string Name, DateTimeOffset Start), DateTimeOffset> _operationEnds;

    private readonly TelemetryStore _store;

    private EntityIndex(TelemetryStore store, TelemetrySnapshot snapshot, HeraldModel model, DateTimeOffset readAt)
    {
        _store = store;
        Snapshot = snapshot;
        Model = model;
        ReadAt = readAt;
        NewestFirst = model.Entities.Reverse().ToArray();
        Types = model.Entities.Select(static entity => entity.Type).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        ErrorCount = model.Entities.Count(static entity => entity.HasError);

        _children = new Dictionary<string, List<HeraldEntity>>(StringComparer.Ordinal);
        foreach (HeraldEntity entity in model.Entities)
        {
            foreach (string parent in entity.Parents.Distinct(StringComparer.Ordinal))
            {
                if (!_children.TryGetValue(parent, out List<HeraldEntity>? children))
                {
                    children = [];
                    _children.Add(parent, children);
                }

                children.Add(entity);
            }
        }

        // An operation row is one span: its trace, name and start find the span again, and with it the end.
        _operationEnds = new Dictionary<(string, string, DateTimeOffset), DateTimeOffset>();
        foreach (RecordedSpan recorded in snapshot.Spans)
        {
            _operationEnds.TryAdd((recorded.Span.TraceId, recorded.Span.Name, recorded.Span.StartTime), recorded.EndTime);
        }
    }

    public TelemetrySnapshot Snapshot { get; }

    public HeraldModel Model { get; }

    public long Version => Snapshot.Version;

    /// <summary>When the store was read for this index.</summary>
    public DateTimeOffset ReadAt { get; }

    /// <summary>Whether telemetry arrived after the store was read for this index.</summary>
    public bool IsBehind => _store.Version != Version;

    /// <summary>Entities, the latest created first: a refresh during a run shows the new ones on the first page.</summary>
    public IReadOnlyList<HeraldEntity> NewestFirst { get; }

    public IReadOnlyList<string> Types { get; }

    public int ErrorCount { get; }

    public static EntityIndex Build(TelemetryStore store)
    {
        DateTimeOffset readAt = DateTimeOffset.UtcNow;
        TelemetrySnapshot snapshot = store.Snapshot();
        HeraldModel model = HeraldModel.Project(
            snapshot.Spans.Select(static recorded => recorded.Span),
            snapshot.Logs.Select(static recorded => recorded.Record));
        return new EntityIndex(store, snapshot, model, readAt);
    }

    public HeraldEntity? Entity(string id) => Model.Entity(id);

    /// <summary>The entities that name <paramref name="id"/> among their parents, in creation order.</summary>
    public IReadOnlyList<HeraldEntity> ChildrenOf(string id) =>
        _children.TryGetValue(id, out List<HeraldEntity>? children) ? children : [];

    /// <summary>How long the operation's span ran, or <see langword="null"/> when its span is not found.</summary>
    public TimeSpan? Duration(HeraldOperation operation) =>
        _operationEnds.TryGetValue((operation.TraceId, operation.Name, operation.StartTime), out DateTimeOffset end) ? end - operation.StartTime : null;

    /// <summary>One page of the entity list, filtered.</summary>
    public EntityListPage List(EntityFilter filter)
    {
        List<HeraldEntity> matching = NewestFirst.Where(filter.Matches).ToList();
        int pageCount = Math.Max(1, (matching.Count + filter.Size - 1) / filter.Size);
        int page = Math.Clamp(filter.Page, 1, pageCount);
        return new EntityListPage(filter with { Page = page }, matching.Count, pageCount, matching.Skip((page - 1) * filter.Size).Take(filter.Size).ToArray());
    }

    /// <summary>What the herald would ignore that names <paramref name="id"/> (the sentences quote ids as <c>'id'</c>).</summary>
    public IReadOnlyList<string> IgnoredAbout(string id)
    {
        string quoted = "'" + id + "'";
        return Model.Ignored.Where(reason => reason.Contains(quoted, StringComparison.Ordinal)).ToArray();
    }
}

/// <summary>The list's filters and page, as the query string gives them.</summary>
/// <param name="Type">Only entities of this type, or <see langword="null"/> for all.</param>
/// <param name="ErrorsOnly">Only entities with an error.</param>
/// <param name="Page">The page, from 1.</param>
/// <param name="Size">Entities per page.</param>
internal sealed record EntityFilter(string? Type, bool ErrorsOnly, int Page, int Size)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;

    public bool Matches(HeraldEntity entity) =>
        (Type is null || string.Equals(entity.Type, Type, StringComparison.Ordinal)) && (!ErrorsOnly || entity.HasError);
}

/// <summary>One page of the list.</summary>
internal sealed record EntityListPage(EntityFilter Filter, int Total, int PageCount, IReadOnlyList<HeraldEntity> Entities);
