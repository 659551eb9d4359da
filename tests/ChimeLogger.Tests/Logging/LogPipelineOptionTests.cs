using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests.Logging;

/// <summary>
/// The log pipeline's options as a user sees them: scopes reach the exported records; a file log that is off is
/// neither written nor checked (so a bad path then gives no warning); ChimeLogger's warnings leave standard error alone
/// when <see cref="ChimeLoggerOptions.WarningsToStandardError"/> is off, when the console logger shows them, and in a
/// hosted app, whose own providers show them.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class LogPipelineOptionTests
{
    [Fact]
    public void Scopes_reach_the_exported_log_records()
    {
        using TelemetryHarness harness = new();
        ILogger log = harness.Tracer.CreateLogger("CHIME.scoped");

        using (log.BeginScope(new Dictionary<string, object> { ["beam"] = "beam-42" }))
        {
            log.LogInformation("inside the scope");
        }

        LogRecord record = Assert.Single(harness.Logs, l => l.FormattedMessage == "inside the scope");
        List<KeyValuePair<string, object?>> scoped = [];
        record.ForEachScope(
            (scope, _) =>
            {
                foreach (KeyValuePair<string, object?> pair in scope)
                {
                    scoped.Add(pair);
                }
            },
            (object?)null);
        Assert.Contains(new KeyValuePair<string, object?>("beam", "beam-42"), scoped);
    }

    [Fact]
    public void A_file_log_that_is_off_is_neither_written_nor_checked()
    {
        string directory = Path.Combine(Path.GetTempPath(), "chimelogger-off-" + Guid.NewGuid().ToString("N")[..8]);
        string blocker = Path.GetTempFileName();
        try
        {
            string path = Path.Combine(directory, "chime_pipeline.log");
            using (TelemetryHarness writable = new(configure: options => options.FileLogPath = path))
            {
                writable.Tracer.CreateLogger("CHIME.off").LogWarning("not for the file");
            }

            using (TelemetryHarness unwritable = new(configure: options => options.FileLogPath = Path.Combine(blocker, "chime_pipeline.log")))
            {
                Assert.DoesNotContain(unwritable.Warnings, w => (w.FormattedMessage ?? "").Contains("cannot be written", StringComparison.Ordinal));
            }

            Assert.False(Directory.Exists(directory));
        }
        finally
        {
            File.Delete(blocker);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Warnings_stay_off_standard_error_when_turned_off_or_shown_by_the_console_logger(bool warningsToStandardError, bool consoleLogging)
    {
        string written = CaptureStandardError(() =>
        {
            using TelemetryHarness harness = new(configure: options =>
            {
                options.WarningsToStandardError = warningsToStandardError;
                options.ConsoleLogging = consoleLogging;
            });
            harness.Tracer.CreateLogger("ChimeLogger").LogWarning("a warning of ChimeLogger");
        });

        Assert.DoesNotContain("a warning of ChimeLogger", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hosted_app_shows_warnings_through_its_own_providers_not_on_standard_error()
    {
        string written = await CaptureStandardErrorAsync(async () =>
        {
            HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.AddChimeLogger(options =>
            {
                options.EnvironmentReader = _ => null;
                options.OtlpExportEnabled = false;
                options.FileLogEnabled = false;
            });
            using IHost host = builder.Build();
            await host.StartAsync();
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ILoggerFactory>(host.Services).CreateLogger("ChimeLogger").LogWarning("a hosted warning of ChimeLogger");
            await host.StopAsync();
        });

        Assert.DoesNotContain("a hosted warning of ChimeLogger", written, StringComparison.Ordinal);
    }

    [Fact]
    public void The_console_logger_writes_one_line_per_record_with_the_time_of_day()
    {
        TextWriter previous = Console.Out;
        using StringWriter standardOutput = new();
        Console.SetOut(standardOutput);
        try
        {
            using TelemetryHarness harness = new(configure: options => options.ConsoleLogging = true);
            harness.Tracer.CreateLogger("CHIME.console").LogInformation("beam processed");
        }
        finally
        {
            Console.SetOut(previous);
        }

        string line = Assert.Single(standardOutput.ToString().Split(Environment.NewLine), l => l.Contains("beam processed", StringComparison.Ordinal));
        Assert.Matches(@"^\d{2}:\d{2}:\d{2}\.\d{3} info: CHIME\.console\[0\] beam processed$", line);
    }

    private static string CaptureStandardError(Action action)
    {
        TextWriter previous = Console.Error;
        using StringWriter standardError = new();
        Console.SetError(standardError);
        try
        {
            action();
        }
        finally
        {
            Console.SetError(previous);
        }

        return standardError.ToString();
    }

    private static async Task<string> CaptureStandardErrorAsync(Func<Task> action)
    {
        TextWriter previous = Console.Error;
        using StringWriter standardError = new();
        Console.SetError(standardError);
        try
        {
            await action();
        }
        finally
        {
            Console.SetError(previous);
        }

        return standardError.ToString();
    }
}
