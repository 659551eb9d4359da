using System.Globalization;

namespace ChimeLogger.Export;

/// <summary>The counters of one signal in an <see cref="ExportStatistics"/> snapshot (see there for what each counts).</summary>
internal readonly record struct SignalCounts(long Ended, long Exported, long Dropped, long Failed, long Stored, long Evicted, long Recovered)
{
    /// <summary>Ended but not yet exported, dropped or failed.</summary>
    public long Pending => Ended - Exported - Dropped - Failed;

    /// <summary>Every counter by name, e.g. <c>ended 300, exported 298, dropped 0, failed 2, pending 0, ...</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ended {Ended}, exported {Exported}, dropped {Dropped}, failed {Failed}, pending {Pending}, stored {Stored}, evicted {Evicted}, recovered {Recovered}");
}
