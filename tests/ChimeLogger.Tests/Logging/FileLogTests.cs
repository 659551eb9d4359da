using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChimeLogger.Configuration;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Tests.Logging;

[Collection(TelemetryCollection.Name)]
public sealed class FileLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chime-file-log-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private TelemetryHarness WithFileLog(Action<ChimeLoggerOptions>? configure = null) => new(configure: options =>
    {
        options.FileLogEnabled = true;
        options.FileLogPath = Path.Combine(_directory, "nested", "chime_pipeline.log");
        configure?.Invoke(options);
    });

    private string[] Lines() => Directory.GetFiles(Path.Combine(_directory, "nested"), "chime_pipeline*.log")
        .Order(StringComparer.Ordinal)
        .SelectMany(path => File.ReadAllLines(path))
        .ToArray();

    [Fact]
    public void Only_CHIME_categories_are_written_with_the_context_fields_on_each_line()
    {
        using (TelemetryHarness harness = WithFileLog())
        {
            Assert.Equal(Path.Combine(_directory, "nested", "chime_pipeline.log"), harness.Tracer.FileLogPath);
            using (harness.Tracer.Create("l1-search", "beam-0042", "n2_acquisition"))
            {
                harness.Tracer.CreateLogger("CHIME").LogInformation("root category");
                harness.Tracer.CreateLogger("CHIME.l1").LogWarning("child category");
                harness.Tracer.CreateLogger("CHIMEX").LogInformation("look-alike category");
                harness.Tracer.CreateLogger("Other.CHIME").LogInformation("other category");
                harness.Tracer.CreateLogger<FileLogTests>().LogError("type category");
            }
        }

        string[] lines = Lines();
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, line => line.Contains(" INFO CHIME [") && line.EndsWith("root category", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(" WARNING CHIME.l1 [") && line.EndsWith("child category", StringComparison.Ordinal));
        Assert.All(lines, line =>
        {
            Assert.Contains("resource_name=beam-0042", line);
            Assert.Contains("resource_type=n2_acquisition", line);
            Assert.Contains("pipeline=test-pipeline", line);
            Assert.Contains("site=kko", line);
            Assert.Matches("trace_id=[0-9a-f]{32} span_id=[0-9a-f]{16}", line);
        });
    }

    [Theory]
    [InlineData(LogLevel.Information, new[] { "INFO", "WARNING" })]
    [InlineData(LogLevel.Debug, new[] { "DEBUG", "INFO", "WARNING" })]
    [InlineData(LogLevel.Warning, new[] { "WARNING" })]
    public void The_file_log_takes_the_levels_MinimumLogLevel_lets_through_as_the_export_does(LogLevel minimum, string[] levels)
    {
        List<string> exported;
        using (TelemetryHarness harness = WithFileLog(options => options.MinimumLogLevel = minimum))
        {
            ILogger log = harness.Tracer.CreateLogger("CHIME.l1");
            log.LogTrace("trace line");
            log.LogDebug("debug line");
            log.LogInformation("info line");
            log.LogWarning("warning line");
            harness.Tracer.Flush();
            exported = harness.Logs.Where(static r => r.CategoryName == "CHIME.l1").Select(static r => TelemetryHarness.SeverityText(r)!).ToList();
        }

        Assert.Equal(levels, exported);
        Assert.Equal(levels, Lines().Select(static line => line.Split(' ')[3]).ToArray());
    }

    [Fact]
    public void The_file_rolls_at_the_size_limit_and_keeps_the_configured_number_of_files()
    {
        using (TelemetryHarness harness = WithFileLog(options =>
        {
            options.FileLogSizeLimitBytes = 4096;
            options.FileLogRetainedFiles = 3;
        }))
        {
            ILogger log = harness.Tracer.CreateLogger("CHIME.l1");
            string payload = new('x', 200);
            for (int i = 0; i < 200; i++)
            {
                log.LogInformation("line {Index} {Payload}", i, payload);
            }
        }

        string[] files = Directory.GetFiles(Path.Combine(_directory, "nested"), "chime_pipeline*.log");
        Assert.Equal(3, files.Length);
        Assert.All(files, file => Assert.True(new FileInfo(file).Length <= 4096 + 1024, $"{file} is {new FileInfo(file).Length} bytes"));
        Assert.Contains(Lines(), line => line.Contains("line 199 "));
        Assert.DoesNotContain(Lines(), line => line.Contains("line 0 "));
    }

    [Fact]
    public void An_unwritable_file_log_path_is_reported_and_the_pipeline_goes_on()
    {
        Directory.CreateDirectory(_directory);
        string blocker = Path.Combine(_directory, "not-a-directory");
        File.WriteAllText(blocker, "a file where the log directory should be");

        using TelemetryHarness harness = new(configure: options =>
        {
            options.FileLogEnabled = true;
            options.FileLogPath = Path.Combine(blocker, "chime_pipeline.log");
        });
        harness.Tracer.CreateLogger("CHIME").LogInformation("still logged elsewhere");

        Assert.Contains(harness.Warnings, log => log.FormattedMessage!.Contains("cannot be written") && log.FormattedMessage.Contains("CHIME_LOGGER_FILE_LOG_PATH"));
        Assert.Contains(harness.Logs, log => log.FormattedMessage == "still logged elsewhere");
    }

    [Fact]
    public void FileLogPath_is_null_while_the_file_log_is_off_and_the_path_while_it_is_on()
    {
        using (TelemetryHarness off = new())
        {
            Assert.Null(off.Tracer.FileLogPath);
        }

        string directory = Path.Combine(Path.GetTempPath(), "chimelogger-surface-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string path = Path.Combine(directory, "chime_pipeline.log");
            using TelemetryHarness on = new(configure: options =>
            {
                options.FileLogEnabled = true;
                options.FileLogPath = path;
            });

            Assert.Equal(path, on.Tracer.FileLogPath);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
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
}
