namespace ChimeLogger.LocalReceiver.EntityView;

/// <summary>
/// Hands out the <see cref="EntityIndex"/> of the store's latest content, rebuilding it only when something arrived
/// since: while a pipeline runs, each page load projects what came in up to that moment, and between runs pages are
/// served from the same index.
/// </summary>
internal sealed class EntityCatalog(TelemetryStore store)
{
    private readonly Lock _rebuild = new();
    private volatile EntityIndex? _current;

    public TelemetryStore Store => store;

    public EntityIndex Current()
    {
        EntityIndex? index = _current;
        if (index is not null && index.Version == store.Version)
        {
            return index;
        }

        // One rebuild at a time; a request that waited finds the index the other one built.
        lock (_rebuild)
        {
            index = _current;
            if (index is null || index.Version != store.Version)
            {
                index = EntityIndex.Build(store.Snapshot());
                _current = index;
            }

            return index;
        }
    }
}
