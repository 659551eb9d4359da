using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChimeLogger.Configuration;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests;

/// <summary>
/// docs/helix-contract.md §6 and bad input (docs/reliability.md): a full export queue drops and counts without blocking,
/// the export settings fail setup clearly, odd names and metadata never throw, and many threads keep their flows apart.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ReliabilityTests
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
        CapturedWarnings warnings = new();
        ChimeTracer tracer = ChimeTelemetry.Setup("overload", options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.HeraldEndpoint = endpoint;
            options.LogsEndpoint = endpoint;
            options.ExportQueueSize = 8;
            options.ShutdownTimeout = TimeSpan.FromSeconds(1);
            options.ConfigureLoggerFactory = logging => logging.AddProvider(warnings);
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
        string warning = Assert.Single(warnings.Messages, m => m.Contains("Telemetry was lost", StringComparison.Ordinal));
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

    [Theory]
    [InlineData("CHIME_LOGGER_EXPORT_QUEUE_SIZE", "lots", "Invalid CHIME_LOGGER_EXPORT_QUEUE_SIZE 'lots'")]
    [InlineData("CHIME_LOGGER_EXPORT_QUEUE_SIZE", "0", "Invalid CHIME_LOGGER_EXPORT_QUEUE_SIZE '0'")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY", "sometimes", "Invalid CHIME_LOGGER_EXPORT_RETRY 'sometimes': expected memory (default), disk or none")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY", "disk", "Disk retry needs a directory: set CHIME_LOGGER_EXPORT_RETRY_PATH")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY_WINDOW", "0", "Invalid CHIME_LOGGER_EXPORT_RETRY_WINDOW '0': expected a number of seconds greater than 0")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY_WINDOW", "2m", "Invalid CHIME_LOGGER_EXPORT_RETRY_WINDOW '2m'")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB", "-5", "Invalid CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB '-5': expected a whole number of mebibytes")]
    public void Invalid_export_settings_fail_setup_naming_the_variable(string variable, string value, string expected)
    {
        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => ChimeSettings.Resolve(new ChimeLoggerOptions
        {
            EnvironmentReader = name => name == variable ? value : null,
        }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disk_retry_in_a_directory_that_cannot_be_created_fails_setup_naming_the_setting()
    {
        string file = Path.GetTempFileName();
        try
        {
            ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => ChimeSettings.Resolve(new ChimeLoggerOptions
            {
                EnvironmentReader = _ => null,
                ExportRetry = ExportRetryMode.Disk,
                ExportRetryPath = Path.Combine(file, "retry"), // under a file: no directory can be made there
            }));

            Assert.Contains("ChimeLoggerOptions.ExportRetryPath", error.Message, StringComparison.Ordinal);
            Assert.Contains("cannot be created or written", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Export_settings_come_from_the_environment_and_code_wins()
    {
        string directory = Path.Combine(Path.GetTempPath(), "chimelogger-retry-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Dictionary<string, string> environment = new()
            {
                ["CHIME_LOGGER_EXPORT_QUEUE_SIZE"] = "100",
                ["CHIME_LOGGER_EXPORT_RETRY"] = "DISK",
                ["CHIME_LOGGER_EXPORT_RETRY_PATH"] = directory,
                ["CHIME_LOGGER_EXPORT_RETRY_WINDOW"] = "7.5",
                ["CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB"] = "3",
            };
            ChimeSettings fromEnvironment = ChimeSettings.Resolve(new ChimeLoggerOptions { EnvironmentReader = name => environment.GetValueOrDefault(name) });
            ChimeSettings fromCode = ChimeSettings.Resolve(new ChimeLoggerOptions
            {
                EnvironmentReader = name => environment.GetValueOrDefault(name),
                ExportQueueSize = 5,
                ExportRetry = ExportRetryMode.None,
                ExportRetryWindow = TimeSpan.FromSeconds(1),
                ExportRetryDiskLimitBytes = 4096,
            });
            ChimeSettings defaults = ChimeSettings.Resolve(new ChimeLoggerOptions { EnvironmentReader = _ => null });

            Assert.Equal((100, ExportRetryMode.Disk, Path.GetFullPath(directory)), (fromEnvironment.ExportQueueSize, fromEnvironment.ExportRetry, fromEnvironment.ExportRetryPath));
            Assert.True(Directory.Exists(directory));
            Assert.Equal((5, ExportRetryMode.None, (string?)null), (fromCode.ExportQueueSize, fromCode.ExportRetry, fromCode.ExportRetryPath));
            Assert.Equal((TimeSpan.FromSeconds(7.5), 3L << 20), (fromEnvironment.ExportRetryWindow, fromEnvironment.ExportRetryDiskLimitBytes));
            Assert.Equal((TimeSpan.FromSeconds(1), 4096L), (fromCode.ExportRetryWindow, fromCode.ExportRetryDiskLimitBytes));
            Assert.Equal((16384, ExportRetryMode.Memory), (defaults.ExportQueueSize, defaults.ExportRetry));
            Assert.Equal((TimeSpan.FromMinutes(2), 1L << 30), (defaults.ExportRetryWindow, defaults.ExportRetryDiskLimitBytes));
            ChimeSettings diskDefaults = ChimeSettings.Resolve(new ChimeLoggerOptions
            {
                EnvironmentReader = _ => null,
                ExportRetry = ExportRetryMode.Disk,
                ExportRetryPath = directory,
            });
            Assert.Equal(TimeSpan.FromSeconds(10), diskDefaults.ExportRetryWindow);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Very_long_resource_and_stage_names_are_exported_whole_with_a_warning_about_the_id()
    {
        using TelemetryHarness harness = new();
        string longId = new('b', 100_000);
        string longStage = "stage-" + new string('s', 10_000);

        harness.Tracer.Create(longStage, longId, "n2_acquisition", [longId]).Complete();
        harness.Tracer.Operate(longStage, longId, "n2_acquisition").Complete();

        Assert.Equal(2, harness.Spans.Count);
        Assert.All(harness.Spans, span =>
        {
            Assert.Equal(longStage, span.DisplayName);
            Assert.Equal(longId, span.GetTagItem(HelixAttributes.EntityId));
        });
        Assert.Contains(harness.Warnings, log => log.FormattedMessage!.Contains("100000 characters", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    public void Null_empty_or_whitespace_names_never_throw_and_are_named_and_warned_about(string? name)
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create(name!, name, name, [name!]).Complete();
        harness.Tracer.Operate(name!, name, name).Complete();
        using (harness.Tracer.Create("ingest", "block-1"))
        {
            harness.Tracer.ChildSpan(name!).Complete();
        }

        Assert.Equal(
            new[] { "ingest", "unnamed-child-span", "unnamed-operation", "unnamed-stage" },
            harness.Spans.Select(s => s.DisplayName).Order(StringComparer.Ordinal));
        Assert.All(harness.Spans.Where(s => s.DisplayName.StartsWith("unnamed", StringComparison.Ordinal)),
            span => Assert.Null(span.GetTagItem(HelixAttributes.EntityId)));
        Assert.Null(harness.SingleSpan("unnamed-stage").GetTagItem(HelixAttributes.ParentIds));
        Assert.Equal("unknown_type", harness.SingleSpan("unnamed-stage").GetTagItem(HelixAttributes.ResourceType));
        Assert.Contains(harness.Warnings, log => log.FormattedMessage!.Contains("'unnamed-stage'", StringComparison.Ordinal));
    }

    [Fact]
    public void Many_threads_on_shared_parents_keep_each_flow_apart_and_every_span_is_exported()
    {
        const int Threads = 16;
        const int FlowsPerThread = 100;
        using TelemetryHarness harness = new();
        ChimeTracer tracer = harness.Tracer;
        string[] sharedParents = ["block-shared-1", "block-shared-2"];
        foreach (string parent in sharedParents)
        {
            tracer.Create("ingest", parent, "raw_data").Complete();
        }

        ConcurrentQueue<Exception> errors = new();
        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                ILogger log = tracer.CreateLogger("CHIME.flow");
                for (int i = 0; i < FlowsPerThread; i++)
                {
                    string entity = $"beam-{t}-{i}";
                    using (HelixToken create = tracer.Create("l1-search", entity, "n2_acquisition", sharedParents))
                    {
                        log.LogInformation("flow {Flow}", entity);
                        using (tracer.ChildSpan("dedisperse"))
                        {
                            log.LogInformation("flow {Flow}", entity);
                        }

                        create.SetAttribute("flow", entity);
                    }

                    using HelixToken operate = tracer.Operate("classify", entity, "event");
                    log.LogInformation("flow {Flow}", entity);
                    operate.Complete(new Dictionary<string, object?> { ["flow"] = entity });
                }
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromMinutes(1)), "A flow thread did not finish.");
        }

        Assert.Empty(errors);
        int flows = Threads * FlowsPerThread;
        Activity[] spans = harness.Spans.Skip(sharedParents.Length).ToArray();
        Assert.Equal(flows * 3, spans.Length);
        Dictionary<ActivitySpanId, Activity> byId = spans.ToDictionary(s => s.SpanId);
        foreach (Activity span in spans)
        {
            switch (span.DisplayName)
            {
                case "l1-search":
                    Assert.Equal(span.GetTagItem("flow"), span.GetTagItem(HelixAttributes.EntityId));
                    Assert.Equal("block-shared-1,block-shared-2", span.GetTagItem(HelixAttributes.ParentIds));
                    Assert.Equal(2, span.Links.Count());
                    break;
                case "classify":
                    Assert.Equal(span.GetTagItem("flow"), span.GetTagItem(HelixAttributes.EntityId));
                    Assert.Equal(default, span.ParentSpanId); // a new root trace
                    break;
                default:
                    Activity parent = byId[span.ParentSpanId];
                    Assert.Equal(parent.GetTagItem(HelixAttributes.EntityId), span.GetTagItem(HelixAttributes.LogEntityId));
                    break;
            }
        }

        Assert.Equal(flows, spans.Select(s => s.GetTagItem(HelixAttributes.EntityId)).OfType<string>().Distinct().Count());
        LogRecord[] logs = harness.Logs.Where(l => l.CategoryName == "CHIME.flow").ToArray();
        Assert.Equal(flows * 3, logs.Length);
        Assert.All(logs, record =>
        {
            Dictionary<string, object?> attributes = TelemetryHarness.Attributes(record);
            Assert.Equal(attributes["Flow"], attributes["resource_name"]);
        });
    }

    [Fact]
    public void A_missing_file_log_directory_is_created_and_written()
    {
        string root = Path.Combine(Path.GetTempPath(), "chimelogger-missing-" + Guid.NewGuid().ToString("N")[..8]);
        string path = Path.Combine(root, "not", "yet", "there", "chime_pipeline.log");
        try
        {
            using (TelemetryHarness harness = new(configure: options =>
            {
                options.FileLogEnabled = true;
                options.FileLogPath = path;
            }))
            {
                harness.Tracer.CreateLogger("CHIME.files").LogInformation("written to a new directory");
                Assert.DoesNotContain(harness.Warnings, log => log.FormattedMessage!.Contains("cannot be written", StringComparison.Ordinal));
            }

            string written = string.Join("\n", Directory.GetFiles(Path.GetDirectoryName(path)!).Select(File.ReadAllText));
            Assert.Contains("written to a new directory", written, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class CapturedWarnings : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Capturing(_messages);

        public void Dispose()
        {
        }

        private sealed class Capturing(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning)
                {
                    messages.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
