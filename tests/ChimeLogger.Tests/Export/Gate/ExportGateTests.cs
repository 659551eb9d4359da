using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// The export queue's gate (docs/reliability.md): it admits at most its capacity, drops and counts the rest, frees a
/// place when a batch leaves memory, and counts each item once as exported, failed, stored, evicted or recovered, so
/// that <see cref="ExportStatistics"/> adds up.
/// </summary>
public sealed class ExportGateTests
{
    [Fact]
    public void The_gate_admits_its_capacity_drops_the_rest_and_admits_again_once_a_batch_leaves()
    {
        ExportGate gate = new(capacity: 3);

        bool[] admitted = [gate.TryEnter(), gate.TryEnter(), gate.TryEnter(), gate.TryEnter(), gate.TryEnter()];

        Assert.Equal([true, true, true, false, false], admitted);
        Assert.Equal(5, gate.Ended);
        Assert.Equal(2, gate.Dropped);
        Assert.Equal(3, gate.Inside);

        gate.Leave(2, exported: true);
        Assert.Equal(1, gate.Inside);
        Assert.True(gate.TryEnter());
        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());
        Assert.Equal(2, gate.Exported);
        Assert.Equal(0, gate.Failed);
        Assert.Equal(3, gate.Dropped);
    }

    [Fact]
    public void A_batch_that_fails_is_counted_as_failed_and_frees_its_places()
    {
        ExportGate gate = new(capacity: 2);
        gate.TryEnter();
        gate.TryEnter();

        gate.Leave(2, exported: false);

        Assert.Equal(2, gate.Failed);
        Assert.Equal(0, gate.Exported);
        Assert.Equal(0, gate.Inside);
    }

    [Fact]
    public void A_batch_moved_to_disk_frees_its_places_and_stays_pending_until_sent_failed_or_evicted()
    {
        ExportGate gate = new(capacity: 10);
        for (int i = 0; i < 10; i++)
        {
            gate.TryEnter();
        }

        gate.MoveToDisk(6);
        Assert.Equal(4, gate.Inside);
        Assert.Equal(6, gate.Stored);

        gate.LeaveDisk(3, exported: true);
        gate.LeaveDisk(1, exported: false);
        gate.Evict(2, ofThisRun: true);
        gate.Evict(5, ofThisRun: false);
        gate.Recover(5);

        Assert.Equal(0, gate.Stored);
        Assert.Equal(3, gate.Exported);
        Assert.Equal(3, gate.Failed); // one refused, two evicted
        Assert.Equal(7, gate.Evicted);
        Assert.Equal(5, gate.Recovered);
        Assert.Equal(10, gate.Ended);
    }

    [Fact]
    public void The_statistics_snapshot_reads_each_signal_from_its_own_gate()
    {
        ExportCounters counters = new(capacity: 4);
        counters.Spans.TryEnter();
        counters.Spans.TryEnter();
        counters.Spans.Leave(1, exported: true);
        counters.Spans.MoveToDisk(1);
        counters.Spans.Evict(3, ofThisRun: false);
        counters.Spans.Recover(2);
        for (int i = 0; i < 6; i++)
        {
            counters.LogRecords.TryEnter();
        }

        counters.LogRecords.Leave(4, exported: false);
        counters.LogRecords.MoveToDisk(0);

        ExportStatistics statistics = counters.Snapshot();

        Assert.Equal(2, statistics.SpansEnded);
        Assert.Equal(1, statistics.SpansExported);
        Assert.Equal(0, statistics.SpansDropped);
        Assert.Equal(0, statistics.SpansFailed);
        Assert.Equal(1, statistics.SpansStored);
        Assert.Equal(1, statistics.SpansPending);
        Assert.Equal(3, statistics.SpansEvicted);
        Assert.Equal(2, statistics.SpansRecovered);
        Assert.Equal(6, statistics.LogRecordsEnded);
        Assert.Equal(0, statistics.LogRecordsExported);
        Assert.Equal(2, statistics.LogRecordsDropped);
        Assert.Equal(4, statistics.LogRecordsFailed);
        Assert.Equal(0, statistics.LogRecordsPending);
        Assert.Equal(0, statistics.LogRecordsStored);
    }
}
