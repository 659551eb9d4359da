using System.Globalization;

namespace ChimeLogger.CountingReceiver;

/// <summary>
/// Writes the spans of each export as the HelixObs herald does, so that a test can see what the herald's database
/// would keep. The facts, from the herald's interceptor, store and migrations (docs/helix-contract.md §7):
/// <list type="bullet">
/// <item>it answers the export at once and writes each span in a task of its own, in no particular order (here: each
/// after a random delay);</item>
/// <item>entities have no unique key: an insert checks for a row first, and two inserts of one id that run at the same
/// time can both pass the check (here: a moment passes between the check and the insert);</item>
/// <item>a creation is inserted unless a row of its id exists that has parents, or it has none itself: so a creation
/// without parents written after any row of its id (a placeholder) is skipped;</item>
/// <item>an operation first inserts a placeholder row (no type, no parents) when no row of its id exists, then its
/// operation row, once per trace id.</item>
/// </list>
/// Each row is a line of the record file, so the rows outlive a kill and a restarted receiver carries on from them:
/// <c>row-entity creation {parent count} {id}</c>, <c>row-entity placeholder {id}</c>, <c>row-operation {trace id} {id}</c>,
/// <c>row-skipped creation {id}</c>; <c>export {unix ms} {creations} {operations} {ms}</c> as an export arrives (ms: how long
/// its oldest operation had ended) and <c>arrived {unix ms} {c|o} {id}</c> for each of its creations and operations; and <c>applied {n} {ms}</c> once the n spans of an export are written, ms after it arrived.
/// </summary>
internal sealed class HeraldWrites
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<int>> _entities = new(StringComparer.Ordinal); // id -> parent count per row (-1: placeholder)
    private readonly HashSet<string> _operationTraces = new(StringComparer.Ordinal);
    private readonly RecordFile _file;
    private readonly int _maxJitterMilliseconds;

    public HeraldWrites(RecordFile file, int maxJitterMilliseconds, IEnumerable<string> earlierLines)
    {
        _file = file;
        _maxJitterMilliseconds = maxJitterMilliseconds;
        foreach (string line in earlierLines)
        {
            Reload(line);
        }
    }

    /// <summary>Starts writing the spans of one export, each on its own; returns at once, as the herald answers at once.</summary>
    public void Apply(IReadOnlyList<HeraldSpan> spans)
    {
        long arrived = Environment.TickCount64;
        DateTimeOffset now = DateTimeOffset.UtcNow;
        List<HeraldSpan> operations = spans.Where(static span => span.EntityId is not null && span.IsOperation).ToList();
        int creations = spans.Count(static span => span.EntityId is not null && !span.IsOperation);
        double oldest = operations.Count == 0 ? 0 : operations.Max(span => (now - span.End).TotalMilliseconds);
        _ = _file.AppendAsync("export", [string.Create(CultureInfo.InvariantCulture, $"{now.ToUnixTimeMilliseconds()} {creations} {operations.Count} {oldest:F0}")]);
        string at = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        _ = _file.AppendAsync("arrived", spans.Where(static span => span.EntityId is not null).Select(span => $"{at} {(span.IsOperation ? 'o' : 'c')} {span.EntityId}").ToList());
        Task[] writes = spans.Where(static span => span.EntityId is not null).Select(span => Task.Run(() => WriteAsync(span))).ToArray();
        _ = Task.WhenAll(writes).ContinueWith(
            _ => _file.AppendAsync("applied", [string.Create(CultureInfo.InvariantCulture, $"{spans.Count} {Environment.TickCount64 - arrived}")]),
            TaskScheduler.Default).Unwrap();
    }

    private async Task WriteAsync(HeraldSpan span)
    {
        await Task.Delay(Random.Shared.Next(0, _maxJitterMilliseconds + 1));
        if (span.IsOperation)
        {
            // INSERT INTO entities ... WHERE NOT EXISTS (a row of this id)
            if (await InsertAsync(span.EntityId!, rows => rows.Count == 0, parents: -1))
            {
                await _file.AppendAsync("row-entity", ["placeholder " + span.EntityId]);
            }

            // INSERT INTO operation_trace_seen ... ON CONFLICT DO NOTHING: a primary key, atomic.
            bool first;
            lock (_gate)
            {
                first = _operationTraces.Add(span.TraceId);
            }

            if (first)
            {
                await _file.AppendAsync("row-operation", [span.TraceId + " " + span.EntityId]);
            }
        }
        else
        {
            // INSERT ... WHERE NOT EXISTS (a row of this id AND (it has parents OR this creation has none))
            int parents = span.ParentIds.Count;
            bool inserted = await InsertAsync(span.EntityId!, rows => !rows.Any(row => row > 0 || parents == 0), parents);
            await _file.AppendAsync(inserted ? "row-entity" : "row-skipped", [(inserted ? $"creation {parents} " : "creation ") + span.EntityId]);
        }
    }

    // The check and the insert are one statement in the herald, but with no unique key two statements running at the
    // same time each miss the other's row: the check reads a snapshot, the insert comes a moment later.
    private async Task<bool> InsertAsync(string id, Func<List<int>, bool> allowed, int parents)
    {
        bool insert;
        lock (_gate)
        {
            insert = allowed(_entities.TryGetValue(id, out List<int>? rows) ? rows : []);
        }

        if (!insert)
        {
            return false;
        }

        await Task.Delay(Random.Shared.Next(0, 2));
        lock (_gate)
        {
            Add(id, parents);
        }

        return true;
    }

    // A restarted receiver carries on from the rows it wrote before, as the herald does from its database.
    private void Reload(string line)
    {
        const string Placeholder = "row-entity placeholder ";
        const string Creation = "row-entity creation ";
        const string Operation = "row-operation ";
        if (line.StartsWith(Placeholder, StringComparison.Ordinal))
        {
            Add(line[Placeholder.Length..], -1);
        }
        else if (line.StartsWith(Creation, StringComparison.Ordinal) && line[Creation.Length..].Split(' ', 2) is [var count, var id])
        {
            Add(id, int.Parse(count, CultureInfo.InvariantCulture));
        }
        else if (line.StartsWith(Operation, StringComparison.Ordinal))
        {
            _operationTraces.Add(line[Operation.Length..].Split(' ', 2)[0]);
        }
    }

    private void Add(string id, int parents)
    {
        if (!_entities.TryGetValue(id, out List<int>? rows))
        {
            _entities[id] = rows = [];
        }

        rows.Add(parents);
    }
}
