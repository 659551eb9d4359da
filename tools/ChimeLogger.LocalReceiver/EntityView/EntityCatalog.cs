namespace ChimeLogger.LocalReceiver.EntityView;

/// <summary>
/// Hands out the <see cref="EntityIndex"/> of the store's latest content. Nothing is projected while nothing arrives:
/// pages are then served from the last index. When something arrived, one rebuild runs (never two at once) and a page
/// waits for it up to <see cref="Wait"/>; a rebuild that takes longer (tens of thousands of entities on a busy machine)
/// goes on in the background while the page is served from the previous index, which says that newer telemetry is
/// being read. So a refresh during a run shows what arrived, and no page waits much longer than the wait.
/// </summary>
internal sealed class EntityCatalog
{
    /// <summary>How long a page waits for a rebuild before it is served from the previous index.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMilliseconds(400);

    private readonly Func<TelemetryStore, EntityIndex> _build;
    private readonly Lock _lock = new();
    private volatile EntityIndex? _current;
    private Task<EntityIndex>? _building;

    /// <param name="store">What the front kept.</param>
    /// <param name="wait">How long a page waits for a rebuild; <see cref="DefaultWait"/> when <see langword="null"/>.</param>
    /// <param name="build">The rebuild; <see cref="EntityIndex.Build"/> when <see langword="null"/> (tests hold it back).</param>
    public EntityCatalog(TelemetryStore store, TimeSpan? wait = null, Func<TelemetryStore, EntityIndex>? build = null)
    {
        Store = store;
        Wait = wait ?? DefaultWait;
        _build = build ?? EntityIndex.Build;
    }

    public TelemetryStore Store { get; }

    public TimeSpan Wait { get; }

    public async Task<EntityIndex> CurrentAsync()
    {
        EntityIndex? index = _current;
        if (index is not null && index.Version == Store.Version)
        {
            return index;
        }

        Task<EntityIndex> building;
        lock (_lock)
        {
            index = _current;
            if (index is not null && index.Version == Store.Version)
            {
                return index;
            }

            if (_building is null || _building.IsCompleted)
            {
                _building = Task.Run(Rebuild);
            }

            building = _building;
        }

        if (index is null)
        {
            return await building.ConfigureAwait(false); // the first index: there is nothing older to show
        }

        Task finished = await Task.WhenAny(building, Task.Delay(Wait)).ConfigureAwait(false);
        return finished == building ? await building.ConfigureAwait(false) : index;
    }

    private EntityIndex Rebuild()
    {
        EntityIndex built = _build(Store);
        lock (_lock)
        {
            if (_current is null || _current.Version < built.Version)
            {
                _current = built;
            }

            return _current;
        }
    }
}
