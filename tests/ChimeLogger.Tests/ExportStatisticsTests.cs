namespace ChimeLogger.Tests;

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
}
