using ChimeLogger.Diagnostics;

namespace ChimeLogger.Tests.Diagnostics;

/// <summary>
/// The lost-telemetry warning says what was lost and why: one clause per cause that happened, the largest first, each
/// with its own advice and only the endpoints it concerns; a cause that did not happen is not named, and no count is zero.
/// </summary>
public sealed class LostTelemetryWarningTests
{
    private static readonly Uri s_herald = new("http://herald.chime:4317");
    private static readonly Uri s_collector = new("http://collector.chime:4317");
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(5);

    [Fact]
    public void Telemetry_still_queued_at_shutdown_is_the_whole_message_when_nothing_else_was_lost()
    {
        string text = LostTelemetry.Describe(Statistics(spansPending: 12, logRecordsPending: 9), s_herald, s_collector, s_limit);

        Assert.Equal(
            "12 spans and 9 log records were not exported before the shutdown limit of 5 s ran out (the herald at http://herald.chime:4317/ " +
            "and the collector at http://collector.chime:4317/ did not take them in time: check that they answer, or raise " +
            "ChimeLoggerOptions.ShutdownTimeout if the export is only slow)",
            text);
        Assert.DoesNotContain("dropped", text, StringComparison.Ordinal);
        Assert.DoesNotContain("QUEUE_SIZE", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_loss_comes_first_and_each_cause_names_only_its_signals_and_endpoints()
    {
        string text = LostTelemetry.Describe(
            Statistics(spansDropped: 992, logRecordsDropped: 990, spansFailed: 3, logRecordsPending: 5),
            s_herald, s_collector, TimeSpan.FromSeconds(2.5));

        Assert.Equal(
            "992 spans and 990 log records were dropped because the export queue was full (raise CHIME_LOGGER_EXPORT_QUEUE_SIZE); " +
            "5 log records were not exported before the shutdown limit of 2.5 s ran out (the collector at http://collector.chime:4317/ " +
            "did not take them in time: check that it answers, or raise ChimeLoggerOptions.ShutdownTimeout if the export is only slow); " +
            "3 spans failed to export (the warnings before this one say why; check that the herald at http://herald.chime:4317/ can be reached)",
            text);
    }

    [Fact]
    public void One_item_is_counted_in_the_singular_and_a_shared_endpoint_is_named_once()
    {
        Uri both = new("http://localhost:4317");

        Assert.Equal(
            "1 span was dropped because the export queue was full (raise CHIME_LOGGER_EXPORT_QUEUE_SIZE)",
            LostTelemetry.Describe(Statistics(spansDropped: 1), both, both, s_limit));
        Assert.Equal(
            "1 span and 1 log record failed to export (the warnings before this one say why; check that the herald and collector at http://localhost:4317/ can be reached)",
            LostTelemetry.Describe(Statistics(spansFailed: 1, logRecordsFailed: 1), both, both, s_limit));
    }

    [Fact]
    public void Nothing_lost_is_nothing_to_warn_about_and_any_one_cause_alone_is_something()
    {
        Assert.False(LostTelemetry.Any(Statistics()));
        Assert.True(LostTelemetry.Any(Statistics(spansDropped: 1)));
        Assert.True(LostTelemetry.Any(Statistics(spansFailed: 1)));
        Assert.True(LostTelemetry.Any(Statistics(spansPending: 1)));
        Assert.True(LostTelemetry.Any(Statistics(logRecordsDropped: 1)));
        Assert.True(LostTelemetry.Any(Statistics(logRecordsFailed: 1)));
        Assert.True(LostTelemetry.Any(Statistics(logRecordsPending: 1)));
    }

    [Fact]
    public void A_single_log_record_is_counted_in_the_singular_too()
    {
        Assert.Equal(
            "1 log record was dropped because the export queue was full (raise CHIME_LOGGER_EXPORT_QUEUE_SIZE)",
            LostTelemetry.Describe(Statistics(logRecordsDropped: 1), s_herald, s_collector, s_limit));
    }

    [Fact]
    public void Spans_and_log_records_both_count_towards_the_size_of_a_cause()
    {
        // 50 spans failed outweigh 5 log records still queued, although the queued ones come first on a tie.
        string text = LostTelemetry.Describe(Statistics(spansFailed: 50, logRecordsPending: 5), s_herald, s_collector, s_limit);

        Assert.StartsWith("50 spans failed to export", text, StringComparison.Ordinal);
        Assert.Contains("; 5 log records were not exported before the shutdown limit", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Causes_of_the_same_size_keep_their_order_queued_then_failed_then_dropped()
    {
        string text = LostTelemetry.Describe(Statistics(spansDropped: 3, spansFailed: 3, spansPending: 3), s_herald, s_collector, s_limit);

        int pending = text.IndexOf("were not exported before", StringComparison.Ordinal);
        int failed = text.IndexOf("failed to export", StringComparison.Ordinal);
        int dropped = text.IndexOf("were dropped", StringComparison.Ordinal);
        Assert.True(pending >= 0 && pending < failed && failed < dropped, text);
    }

    [Fact]
    public void The_shutdown_limit_is_named_to_the_millisecond()
    {
        string text = LostTelemetry.Describe(Statistics(spansPending: 2), s_herald, s_collector, TimeSpan.FromSeconds(1.0 / 3));

        Assert.Contains("the shutdown limit of 0.333 s ran out", text, StringComparison.Ordinal);
    }

    [Fact]
    public void What_a_completed_flush_left_queued_ended_during_the_flush_and_is_not_counted_as_lost()
    {
        // The herald did not answer; the collector took everything that had ended when the flush began. The one log record
        // still queued is ChimeLogger's own notice that the shutdown waits for the herald: it leaves with the shutdown.
        ExportStatistics statistics = Statistics(spansPending: 10, logRecordsPending: 1);

        Assert.Equal(
            "10 spans were not exported before the shutdown limit of 5 s ran out (the herald at http://herald.chime:4317/ did not take " +
            "them in time: check that it answers, or raise ChimeLoggerOptions.ShutdownTimeout if the export is only slow)",
            LostTelemetry.Describe(statistics, s_herald, s_collector, s_limit, spansFlushed: false, logRecordsFlushed: true));
        Assert.False(LostTelemetry.Any(statistics, spansFlushed: true, logRecordsFlushed: true));
        Assert.True(LostTelemetry.Any(Statistics(logRecordsFailed: 1), spansFlushed: true, logRecordsFlushed: true));
    }

    private static ExportStatistics Statistics(
        long spansDropped = 0, long spansFailed = 0, long spansPending = 0,
        long logRecordsDropped = 0, long logRecordsFailed = 0, long logRecordsPending = 0) => new()
        {
            SpansEnded = 100 + spansDropped + spansFailed + spansPending,
            SpansExported = 100,
            SpansDropped = spansDropped,
            SpansFailed = spansFailed,
            LogRecordsEnded = 50 + logRecordsDropped + logRecordsFailed + logRecordsPending,
            LogRecordsExported = 50,
            LogRecordsDropped = logRecordsDropped,
            LogRecordsFailed = logRecordsFailed,
        };
}
