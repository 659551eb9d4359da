using Microsoft.Extensions.Logging;

namespace ChimeLogger.Tests;

/// <summary>
/// Without a pipeline name every span and log record says <c>unknown_pipeline</c>: setup says so once, naming the option and
/// the environment variable, when telemetry leaves the process (export or file log); a set-up kept in memory says nothing.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class PipelineNameWarningTests : IDisposable
{
    private const string Expected =
        "No pipeline name is set, so every span and log record says pipeline 'unknown_pipeline'. Name the pipeline: " +
        "ChimeTelemetry.Setup(pipeline: \"...\"), ChimeLoggerOptions.Pipeline (the 'ChimeLogger:Pipeline' setting of a hosted app), " +
        "or the CHIME_LOGGER_PIPELINE_NAME environment variable.";

    private readonly string _directory = Directory.CreateTempSubdirectory("chime-pipeline-warning-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_setup_without_a_pipeline_warns_once_in_the_file_log_and_the_log_export()
    {
        string fileLog = Path.Combine(_directory, "chime_pipeline.log");
        List<string> warnings;
        using (TelemetryHarness harness = new(pipeline: null, configure: options =>
        {
            options.FileLogEnabled = true;
            options.FileLogPath = fileLog;
        }))
        {
            ILogger log = harness.Tracer.CreateLogger("CHIME.l1");
            for (int i = 0; i < 3; i++)
            {
                using (harness.Tracer.Operate("classify", $"evt-{i}", "event"))
                {
                    log.LogInformation("classified");
                }
            }

            // A later Setup is a handle on the same tracer: it does not say it again.
            using ChimeTracer handle = ChimeTelemetry.Setup(configure: options => options.EnvironmentReader = static _ => null);
            harness.Tracer.Flush();
            warnings = [.. harness.Logs.Where(static r => r.EventId.Id == 16).Select(static r => r.FormattedMessage ?? "")];
            Assert.All(harness.Logs.Where(static r => r.CategoryName == "CHIME.l1"), static r => Assert.Contains(r.Attributes!, static a => a.Key == "pipeline" && (string?)a.Value == "unknown_pipeline"));
        }

        Assert.Equal([Expected], warnings);
        Assert.Single(File.ReadAllLines(fileLog), static line => line.Contains(" WARNING ChimeLogger ", StringComparison.Ordinal) && line.EndsWith(Expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("frb-l1", null)]
    [InlineData(null, "frb-l1")]
    public void A_pipeline_from_setup_or_the_environment_is_not_warned_about(string? pipeline, string? environment)
    {
        using TelemetryHarness harness = new(
            pipeline: pipeline,
            configure: options =>
            {
                options.FileLogEnabled = true;
                options.FileLogPath = Path.Combine(_directory, "chime_pipeline.log");
            },
            environment: environment is null ? null : new Dictionary<string, string> { ["CHIME_LOGGER_PIPELINE_NAME"] = environment });

        harness.Tracer.Flush();
        Assert.Equal("frb-l1", harness.Tracer.Pipeline);
        Assert.DoesNotContain(harness.Logs, static r => r.EventId.Id == 16);
    }

    [Fact]
    public void A_setup_kept_in_memory_is_not_warned_about()
    {
        // No export and no file log (as TestHerald sets ChimeLogger up): nothing leaves the process to be labelled.
        using TelemetryHarness harness = new(pipeline: null);

        harness.Tracer.CreateLogger("CHIME.l1").LogInformation("in memory");
        harness.Tracer.Flush();
        Assert.DoesNotContain(harness.Logs, static r => r.EventId.Id == 16);
    }
}
