using System.Diagnostics;
using System.Net.Sockets;
using ChimeLogger.Configuration;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests.Lifetime;

/// <summary>
/// docs/helix-contract.md §6: <see cref="ChimeTracer.Flush"/> says whether everything was exported and keeps to its time
/// limit, shutdown warns about lost telemetry only when something was lost, and <see cref="ChimeTracer.Dispose"/> releases
/// what the tracer owns, once.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class FlushAndShutdownTests
{
    [Fact]
    public void Flush_is_true_when_both_pipelines_flush()
    {
        FlushProbe<Activity> traces = new(flushes: true);
        FlushProbe<LogRecord> logs = new(flushes: true);
        using TelemetryHarness harness = new(configure: options =>
        {
            options.ConfigureTracing = tracing => tracing.AddProcessor(traces);
            options.ConfigureLogging = logging => logging.AddProcessor(logs);
        });

        Assert.True(harness.Tracer.Flush(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, traces.Flushes);
        Assert.Equal(1, logs.Flushes);
    }

    [Fact]
    public void Flush_is_false_when_the_trace_pipeline_fails_to_flush()
    {
        using TelemetryHarness harness = new(configure: options =>
            options.ConfigureTracing = tracing => tracing.AddProcessor(new FlushProbe<Activity>(flushes: false)));

        Assert.False(harness.Tracer.Flush(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Flush_is_false_when_the_log_pipeline_fails_to_flush()
    {
        using TelemetryHarness harness = new(configure: options =>
            options.ConfigureLogging = logging => logging.AddProcessor(new FlushProbe<LogRecord>(flushes: false)));

        Assert.False(harness.Tracer.Flush(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Flush_with_a_timeout_gives_up_after_it_and_passes_it_to_the_pipelines()
    {
        // The trace pipeline answers only after 20 s; ShutdownTimeout is longer, so a Flush that ignored its own
        // timeout would wait for the answer and report success.
        using ManualResetEventSlim release = new();
        FlushProbe<Activity> slow = new(flushes: true, until: release, longest: TimeSpan.FromSeconds(20));
        FlushProbe<LogRecord> logs = new(flushes: true);
        using TelemetryHarness harness = new(configure: options =>
        {
            options.ShutdownTimeout = TimeSpan.FromSeconds(40);
            options.ConfigureTracing = tracing => tracing.AddProcessor(slow);
            options.ConfigureLogging = logging => logging.AddProcessor(logs);
        });

        bool flushed = harness.Tracer.Flush(TimeSpan.FromMilliseconds(300));
        release.Set();

        Assert.False(flushed);
        Assert.InRange(slow.LastTimeoutMilliseconds, 1, 300);
        Assert.InRange(logs.LastTimeoutMilliseconds, 1, 300);
    }

    [Fact]
    public void Flush_without_a_timeout_passes_the_shutdown_timeout_to_the_pipelines()
    {
        FlushProbe<LogRecord> logs = new(flushes: true);
        using TelemetryHarness harness = new(configure: options =>
        {
            options.ShutdownTimeout = TimeSpan.FromSeconds(7);
            options.ConfigureLogging = logging => logging.AddProcessor(logs);
        });

        Assert.True(harness.Tracer.Flush());
        Assert.InRange(logs.LastTimeoutMilliseconds, 1, 7_000);
        Assert.True(logs.LastTimeoutMilliseconds > 300, $"The log pipeline was given {logs.LastTimeoutMilliseconds} ms instead of up to 7 s.");
    }

    [Fact]
    public void A_shutdown_with_nothing_lost_does_not_warn_about_lost_telemetry()
    {
        using TelemetryHarness harness = new(configure: options => ExportTo(options, Ports.Closed()));

        ExportStatistics statistics = harness.Tracer.ExportStatistics;
        harness.Tracer.Dispose();

        Assert.Equal(0, statistics.SpansEnded);
        Assert.Equal(0, statistics.LogRecordsEnded);
        Assert.DoesNotContain(harness.Warnings, w => (w.FormattedMessage ?? "").Contains("Telemetry was lost", StringComparison.Ordinal));
    }

    [Fact]
    public void Spans_that_failed_without_any_dropped_are_warned_about_at_shutdown()
    {
        using TelemetryHarness harness = new(configure: options => ExportTo(options, Ports.Closed()));
        for (int i = 0; i < 5; i++)
        {
            harness.Tracer.Operate("register", $"event-{i}", "event").Complete();
        }

        harness.Tracer.Dispose();

        ExportStatistics statistics = harness.Tracer.ExportStatistics;
        Assert.Equal(0, statistics.SpansDropped);
        Assert.Equal(5, statistics.SpansFailed);
        LogRecord warning = Assert.Single(harness.Warnings, w => (w.FormattedMessage ?? "").Contains("Telemetry was lost", StringComparison.Ordinal));

        // Only the cause that happened, for only the signal it happened to (the warning is the first log record), and the
        // endpoint of that signal.
        Assert.StartsWith("Telemetry was lost: 5 spans failed to export (the warnings before this one say why; check that the herald at http://127.0.0.1:", warning.FormattedMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("dropped", warning.FormattedMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("log record", warning.FormattedMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("collector", warning.FormattedMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 ", warning.FormattedMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_records_that_failed_alone_are_warned_about_at_shutdown()
    {
        using TelemetryHarness harness = new(configure: options => ExportTo(options, Ports.Closed()));
        ILogger log = harness.Tracer.CreateLogger("CHIME.ingest");
        for (int i = 0; i < 5; i++)
        {
            log.LogInformation("block {Block} read", i);
        }

        harness.Tracer.Dispose();

        ExportStatistics statistics = harness.Tracer.ExportStatistics;
        Assert.Equal(0, statistics.SpansEnded);
        Assert.True(statistics.LogRecordsFailed + statistics.LogRecordsPending >= 5);
        LogRecord warning = Assert.Single(harness.Warnings, w => (w.FormattedMessage ?? "").Contains("Telemetry was lost", StringComparison.Ordinal));
        Assert.Matches(@"^Telemetry was lost: [1-9][0-9]* log records (failed to export \(|were not exported before the shutdown limit)", warning.FormattedMessage);
        Assert.DoesNotContain("span", warning.FormattedMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("dropped", warning.FormattedMessage, StringComparison.Ordinal);
        Assert.Contains("the collector at http://127.0.0.1:", warning.FormattedMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_shuts_the_pipelines_down_and_disposes_them_once_however_often_it_is_called()
    {
        FlushProbe<Activity> traces = new(flushes: true);
        FlushProbe<LogRecord> logs = new(flushes: true);
        TelemetryHarness harness = new(configure: options =>
        {
            options.ConfigureTracing = tracing => tracing.AddProcessor(traces);
            options.ConfigureLogging = logging => logging.AddProcessor(logs);
        });

        harness.Tracer.Dispose();
        harness.Tracer.Dispose();
        harness.Dispose();

        Assert.Equal(1, traces.Flushes);
        Assert.Equal(1, traces.Shutdowns);
        Assert.True(traces.Disposed, "The trace pipeline the tracer owns was not disposed.");
        Assert.Equal(1, logs.Flushes);
        Assert.Equal(1, logs.Shutdowns);
        Assert.True(logs.Disposed, "The log pipeline the tracer owns was not disposed.");
    }

    [Fact]
    public void Disposing_an_old_tracer_again_leaves_the_next_one_running()
    {
        TelemetryHarness first = new();
        first.Dispose();
        using TelemetryHarness second = new();

        first.Tracer.Dispose();
        second.Tracer.Create("ingest", "block-1", "raw_data").Complete();

        Assert.Same(second.Tracer, ChimeTelemetry.GetTracer());
        Assert.True(second.Tracer.IsListening);
        Assert.Single(second.Spans);
    }

    private static void ExportTo(ChimeLoggerOptions options, int port)
    {
        options.OtlpExportEnabled = true;
        options.HeraldEndpoint = $"127.0.0.1:{port}";
        options.LogsEndpoint = $"127.0.0.1:{port}";
        options.ExportRetry = ExportRetryMode.None;
        options.ShutdownTimeout = TimeSpan.FromSeconds(5);
    }

    /// <summary>A pipeline stage that says whether it flushed, and records the time it was given and its shutdown.</summary>
    private sealed class FlushProbe<T>(bool flushes, ManualResetEventSlim? until = null, TimeSpan? longest = null) : BaseProcessor<T>
    {
        private int _flushes;
        private int _shutdowns;
        private int _lastTimeout = -2;

        public int Flushes => Volatile.Read(ref _flushes);

        public int Shutdowns => Volatile.Read(ref _shutdowns);

        public int LastTimeoutMilliseconds => Volatile.Read(ref _lastTimeout);

        public bool Disposed { get; private set; }

        protected override bool OnForceFlush(int timeoutMilliseconds)
        {
            Volatile.Write(ref _lastTimeout, timeoutMilliseconds);
            Interlocked.Increment(ref _flushes);
            until?.Wait(longest ?? Timeout.InfiniteTimeSpan);
            return flushes;
        }

        protected override bool OnShutdown(int timeoutMilliseconds)
        {
            Interlocked.Increment(ref _shutdowns);
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    [Fact]
    public void Flush_exports_what_a_batch_processor_holds()
    {
        List<Activity> exported = [];
        using TelemetryHarness harness = new(configure: options =>
            options.ConfigureTracing = tracing => tracing.AddProcessor(
                new BatchActivityExportProcessor(new OpenTelemetry.Exporter.InMemoryExporter<Activity>(exported), scheduledDelayMilliseconds: 60_000)));

        harness.Tracer.Create("ingest", "block-1", "raw_data").Complete();
        Assert.Empty(exported);

        Assert.True(harness.Tracer.Flush(TimeSpan.FromSeconds(5)));
        Assert.Single(exported);
    }

    [Fact]
    public void A_flush_limit_out_of_range_is_clamped_instead_of_throwing()
    {
        using TelemetryHarness harness = new();
        harness.Tracer.Create("ingest", "block-1", "raw_data").Complete();

        Assert.True(harness.Tracer.Flush(TimeSpan.FromDays(100)));
        harness.Tracer.Flush(TimeSpan.FromSeconds(-5)); // no time at all: the answer may be either, but it never throws
        Assert.Single(harness.Spans);
    }
}
