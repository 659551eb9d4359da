using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver.Model;

namespace ChimeLogger.IntegrationTests.Logging;

/// <summary>
/// With default options, ChimeLogger's own warnings (category <c>ChimeLogger</c>) are visible where a pipeline engineer
/// looks: standard error, the file log, and the collector. Read from a real child process's real stderr and real file.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SelfWarningTests(ReceiverFixture receiver) : TelemetryTest
{
    [Fact]
    public async Task A_bad_input_warning_reaches_stderr_the_file_log_and_the_collector_with_default_options()
    {
        string pipeline = TestSetup.UniquePipeline("self-warning");
        string endpoint = receiver.Receiver.OtlpGrpcHostPort;

        ExitingPipelineRun run = await ExitingPipelineProcess.RunAsync(Folder.Path, pipeline, endpoint, endpoint, "dispose", "2", "5000", "--bad-input");

        Assert.True(run.ExitCode == 0, run.ToString());
        const string Warning = "Create 'l1-search' has a null resource name";
        Assert.Contains(run.StandardError.Split('\n'), line => line.StartsWith("WARNING ChimeLogger: " + Warning, StringComparison.Ordinal));
        Assert.DoesNotContain(Warning, run.StandardOutput, StringComparison.Ordinal);

        string[] fileLines = File.ReadAllLines(Path.Combine(Folder.Path, "logs", "chime_pipeline.log"));
        string fileLine = Assert.Single(fileLines, line => line.Contains(Warning, StringComparison.Ordinal));
        Assert.Contains(" WARNING ChimeLogger [", fileLine, StringComparison.Ordinal);
        Assert.Contains($"pipeline={pipeline}", fileLine, StringComparison.Ordinal);

        IReadOnlyList<ReceivedLog> logs = await receiver.WaitForLogsAsync("chime." + pipeline, found => found.Any(l => l.Body.StartsWith(Warning, StringComparison.Ordinal)));
        ReceivedLog collected = logs.Single(l => l.Body.StartsWith(Warning, StringComparison.Ordinal));
        Assert.Equal("ChimeLogger", collected.ScopeName);
        Assert.Equal(13, collected.SeverityNumber);
    }
}
