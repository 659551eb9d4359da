using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// The export queue's bound as Setup builds it (docs/helix-contract.md §6, docs/reliability.md): a full queue drops and
/// counts without blocking and warns at shutdown, contention never lets it hold more than its size, a herald that refuses
/// everything with retry off has every span counted as failed, and nothing is counted when OTLP export is off.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class QueueBoundTests
{
    [Fact]
    public void A_full_queue_drops_and_counts_spans_and_log_records_without_blocking_and_warns_at_shutdown()
    {
        // A herald that accepts connections and never answers: the first batch stays in the exporter (up to its
        // 10 s timeout), so the tiny queue stays full and everything after it is dropped.
        using Socket silentHerald = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silentHerald.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silentHerald.Listen(64);
        string endpoint = $"http://127.0.0.1:{((IPEndPoint)silentHerald.LocalEndPoint!).Port}";
        CapturingLogger warnings = new();
        ChimeTracer tracer = ChimeTelemetry.Setup("overload", options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.HeraldEndpoint = endpoint;
            options.LogsEndpoint = endpoint;
            options.ExportQueueSize = 8;
            options.ShutdownTimeout = TimeSpan.FromSeconds(1);
            options.ConfigureLoggerFactory = logging => logging.AddProvider(new CapturingLoggerProvider(warnings, everyCategory: true));
        });

        ILogger log = tracer.CreateLogger("CHIME.overload");
        int emitted = 0;
        for (int i = 0; i < 1_000; i++)
        {
            using (tracer.Create("l1-search", $"beam-{i}", "n2_acquisition"))
            {
                log.LogInformation("beam processed");
            }

            emitted++;
        }

        ExportStatistics during = tracer.ExportStatistics;
        tracer.Dispose();
        ExportStatistics after = tracer.ExportStatistics;

        Assert.Equal(1_000, emitted); // emission finished: nothing waited for the exporter
        Assert.Equal(1_000, during.SpansEnded);
        Assert.Equal(1_000, during.LogRecordsEnded);
        Assert.Equal(1_000 - 8, during.SpansDropped);
        Assert.Equal(1_000 - 8, during.LogRecordsDropped);
        Assert.Equal(0, after.SpansExported);
        Assert.Equal(after.SpansEnded, after.SpansExported + after.SpansDropped + after.SpansFailed + after.SpansPending);
        Assert.Equal(8, after.SpansFailed + after.SpansPending);
        string warning = Assert.Single(warnings.Warnings, m => m.Contains("Telemetry was lost", StringComparison.Ordinal));
        Assert.StartsWith("Telemetry was lost: 992 spans and 992 log records were dropped because the export queue was full (raise CHIME_LOGGER_EXPORT_QUEUE_SIZE); ", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_contention_the_queue_never_holds_more_than_its_size_and_every_span_is_counted_once()
    {
        using Socket silentHerald = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silentHerald.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silentHerald.Listen(64);
        string endpoint = $"http://127.0.0.1:{((IPEndPoint)silentHerald.LocalEndPoint!).Port}";
        ChimeTracer tracer = ChimeTelemetry.Setup("contention", options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.HeraldEndpoint = endpoint;
            options.LogsEndpoint = endpoint;
            options.ExportQueueSize = 16;
            options.ShutdownTimeout = TimeSpan.FromSeconds(1);
        });

        Thread[] threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                tracer.Create("l1-search", $"beam-{t}-{i}", "n2_acquisition").Complete();
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromMinutes(1)), "An emitting thread did not finish.");
        }

        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();

        Assert.Equal(4_000, statistics.SpansEnded);
        Assert.Equal(4_000 - 16, statistics.SpansDropped);
        Assert.Equal(16, statistics.SpansPending + statistics.SpansFailed + statistics.SpansExported);
    }

    [Fact]
    public void A_refusing_herald_with_retry_off_counts_every_span_as_failed_and_none_as_lost_silently()
    {
        int closedPort;
        using (Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closedPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        ChimeTracer tracer = ChimeTelemetry.Setup("refused", options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.HeraldEndpoint = $"127.0.0.1:{closedPort}";
            options.LogsEndpoint = $"127.0.0.1:{closedPort}";
            options.ExportRetry = ExportRetryMode.None;
        });

        for (int i = 0; i < 100; i++)
        {
            tracer.Operate("register", $"event-{i}", "event").Complete();
        }

        tracer.Flush(TimeSpan.FromSeconds(5));
        tracer.Dispose();
        ExportStatistics statistics = tracer.ExportStatistics;

        Assert.Equal(100, statistics.SpansEnded);
        Assert.Equal(100, statistics.SpansFailed);
        Assert.Equal(0, statistics.SpansExported + statistics.SpansDropped + statistics.SpansPending);
    }

    [Fact]
    public void Statistics_are_zero_when_otlp_export_is_off()
    {
        using TelemetryHarness harness = new();
        harness.Tracer.Create("ingest", "block-1").Complete();

        Assert.Equal(new ExportStatistics(), harness.Tracer.ExportStatistics);
    }
}
