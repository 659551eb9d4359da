namespace ChimeLogger.Tests.Export;

public sealed class ExportStatisticsTests
{
    [Fact]
    public void Snapshots_are_built_by_name_and_equal_when_every_counter_is()
    {
        ExportStatistics a = new() { SpansEnded = 10, SpansExported = 7, SpansFailed = 1, LogRecordsEnded = 4, LogRecordsStored = 2 };
        ExportStatistics b = new() { SpansEnded = 10, SpansExported = 7, SpansFailed = 1, LogRecordsEnded = 4, LogRecordsStored = 2 };
        ExportStatistics c = new() { SpansEnded = 10, SpansExported = 7, SpansFailed = 1, LogRecordsEnded = 4, LogRecordsStored = 2, SpansRecovered = 1 };

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.True(a != c);
        Assert.Equal(2, a.SpansPending);
        Assert.Equal(4, a.LogRecordsPending);
        Assert.Contains("spans: ended 10, exported 7, dropped 0, failed 1, pending 2", a.ToString(), StringComparison.Ordinal);
        Assert.Contains("log records: ended 4, exported 0, dropped 0, failed 0, pending 4, stored 2", a.ToString(), StringComparison.Ordinal);
    }
    [Fact]
    public void Snapshots_differing_in_any_one_counter_are_not_equal_and_hash_apart()
    {
        ExportStatistics zero = new();
        ExportStatistics[] oneCounterSet =
        [
            new() { SpansEnded = 1 }, new() { SpansExported = 1 }, new() { SpansDropped = 1 }, new() { SpansFailed = 1 },
            new() { SpansStored = 1 }, new() { SpansEvicted = 1 }, new() { SpansRecovered = 1 },
            new() { LogRecordsEnded = 1 }, new() { LogRecordsExported = 1 }, new() { LogRecordsDropped = 1 }, new() { LogRecordsFailed = 1 },
            new() { LogRecordsStored = 1 }, new() { LogRecordsEvicted = 1 }, new() { LogRecordsRecovered = 1 },
        ];

        Assert.All(oneCounterSet, differing =>
        {
            Assert.False(zero.Equals(differing), differing.ToString());
            Assert.False(differing.Equals(zero), differing.ToString());
            Assert.True(zero != differing);
            Assert.NotEqual(zero.GetHashCode(), differing.GetHashCode());
        });
        Assert.Equal(oneCounterSet.Length, oneCounterSet.Select(s => s.GetHashCode()).Distinct().Count());
        Assert.False(zero.Equals((ExportStatistics?)null));
        Assert.False(zero.Equals((object)"spans"));
        Assert.True(zero.Equals((object)new ExportStatistics()));
        Assert.True((ExportStatistics?)null == null);
        Assert.False(zero == null);
        Assert.False(null == zero);
    }
}
