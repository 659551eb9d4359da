namespace ChimeLogger.IntegrationTests.Infrastructure;

/// <summary>
/// The rows a counting receiver started with <c>--herald-writes</c> wrote as the herald's database would have them
/// (tools/ChimeLogger.CountingReceiver/HeraldWrites.cs): per entity id, its rows (a creation with its parent count, or a
/// placeholder), the creations it skipped, the operation rows; and how many spans arrived and how many were written.
/// </summary>
internal sealed class HeraldRows
{
    private readonly Dictionary<string, List<int>> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _skipped = new(StringComparer.Ordinal);
    private readonly List<long> _writeMilliseconds = [];
    private readonly List<ArrivedExport> _exports = [];
    private readonly Dictionary<string, (long Creation, long Operation)> _arrivals = new(StringComparer.Ordinal);

    public int SpansReceived { get; private set; }

    public int SpansWritten { get; private set; }

    /// <summary>How long the receiver took to write each export, from its arrival to its last row.</summary>
    public IReadOnlyList<long> WriteMilliseconds => _writeMilliseconds;

    /// <summary>Each trace export as it arrived: when, its creations and operations, and how long its oldest operation had ended.</summary>
    public IReadOnlyList<ArrivedExport> Exports => _exports;

    public static HeraldRows Read(string recordFile)
    {
        HeraldRows rows = new();
        if (!File.Exists(recordFile))
        {
            return rows;
        }

        using FileStream stream = new(recordFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using StreamReader reader = new(stream);
        while (reader.ReadLine() is { } line)
        {
            string[] parts = line.Split(' ');
            switch (parts)
            {
                case ["span", ..]:
                    rows.SpansReceived++;
                    break;
                case ["applied", var count, var milliseconds]:
                    rows.SpansWritten += int.Parse(count, System.Globalization.CultureInfo.InvariantCulture);
                    rows._writeMilliseconds.Add(long.Parse(milliseconds, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case ["export", var at, var creations, var operations, var oldest]:
                    rows._exports.Add(new ArrivedExport(
                        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(at, System.Globalization.CultureInfo.InvariantCulture)),
                        int.Parse(creations, System.Globalization.CultureInfo.InvariantCulture),
                        int.Parse(operations, System.Globalization.CultureInfo.InvariantCulture),
                        double.Parse(oldest, System.Globalization.CultureInfo.InvariantCulture)));
                    break;
                case ["arrived", var at, var kind, var id]:
                    long ms = long.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
                    (long creation, long operation) = rows._arrivals.GetValueOrDefault(id);
                    rows._arrivals[id] = kind == "c" ? (ms, operation) : (creation, ms);
                    break;
                case ["row-entity", "placeholder", var id]:
                    Add(rows._entities, id, -1);
                    break;
                case ["row-entity", "creation", var parents, var id]:
                    Add(rows._entities, id, int.Parse(parents, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case ["row-skipped", "creation", var id]:
                    rows._skipped[id] = rows._skipped.GetValueOrDefault(id) + 1;
                    break;
                case ["row-operation", _, var id]:
                    rows._operations[id] = rows._operations.GetValueOrDefault(id) + 1;
                    break;
            }
        }

        return rows;

        static void Add(Dictionary<string, List<int>> entities, string id, int parents)
        {
            if (!entities.TryGetValue(id, out List<int>? list))
            {
                entities[id] = list = [];
            }

            list.Add(parents);
        }
    }

    /// <summary>Polls the file until every span that arrived has been written (and at least <paramref name="spans"/> arrived), or the time is up.</summary>
    public static async Task<HeraldRows> WhenWrittenAsync(string recordFile, int spans, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            HeraldRows rows = Read(recordFile);
            if ((rows.SpansReceived >= spans && rows.SpansWritten == rows.SpansReceived) || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Every entity id that has a row.</summary>
    public IReadOnlyCollection<string> EntityIds => _entities.Keys;

    /// <summary>The rows of entity <paramref name="id"/>: the parent count of each creation row, -1 for a placeholder.</summary>
    public IReadOnlyList<int> EntityRows(string id) => _entities.TryGetValue(id, out List<int>? rows) ? rows : [];

    public int OperationRows(string id) => _operations.GetValueOrDefault(id);

    /// <summary>How long after the creation of <paramref name="id"/> its (last) operation reached the receiver, in ms.</summary>
    public long OperationAfterCreation(string id) =>
        _arrivals.TryGetValue(id, out (long Creation, long Operation) at) ? at.Operation - at.Creation : long.MinValue;

    public int SkippedCreations(string id) => _skipped.GetValueOrDefault(id);

    /// <summary>
    /// What the herald lost or added for these ids, each of which was created once and operated on: a creation it did
    /// not keep (the entity is only a placeholder), and rows besides the one creation (stray placeholders).
    /// </summary>
    public (int LostCreations, int StrayRows, int MissingOperations) Outcome(IEnumerable<string> ids)
    {
        int lost = 0, stray = 0, missing = 0;
        foreach (string id in ids)
        {
            IReadOnlyList<int> rows = EntityRows(id);
            if (!rows.Any(static parents => parents >= 0))
            {
                lost++;
            }

            stray += rows.Count(static parents => parents < 0) + Math.Max(0, rows.Count(static parents => parents >= 0) - 1);
            missing += OperationRows(id) == 0 ? 1 : 0;
        }

        return (lost, stray, missing);
    }
}

/// <summary>A trace export as the herald-writes receiver saw it arrive.</summary>
internal sealed record ArrivedExport(DateTimeOffset At, int Creations, int Operations, double OldestOperationMilliseconds);
