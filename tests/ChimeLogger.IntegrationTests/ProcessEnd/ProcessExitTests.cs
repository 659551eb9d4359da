using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver.Model;

namespace ChimeLogger.IntegrationTests.ProcessEnd;

/// <summary>
/// A pipeline process that ends without disposing its tracer (Main returns, Environment.Exit, an unhandled exception)
/// still delivers its spans to the real receiver; with the herald down it ends within its shutdown limit and says what
/// was lost. Each case is a real child process.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ProcessExitTests(ReceiverFixture receiver) : TelemetryTest
{
    [Theory]
    [InlineData("return", 0)]
    [InlineData("exit", 3)]
    public async Task A_process_that_ends_without_Dispose_delivers_every_span(string end, int exitCode)
    {
        string pipeline = TestSetup.UniquePipeline("exit-" + end);
        string endpoint = receiver.Receiver.OtlpGrpcHostPort;

        ExitingPipelineRun run = await ExitingPipelineProcess.RunAsync(Folder.Path, pipeline, endpoint, endpoint, end, "10");

        Assert.True(run.ExitCode == exitCode, run.ToString());
        IReadOnlyList<ReceivedSpan> spans = await WaitForSpansAsync("chime." + pipeline, 10);
        Assert.Equal(10, spans.Count(s => s.Name == "ingest"));
        Assert.Equal(10, spans.Select(s => s.Attributes["helix.entity.id"]).Distinct().Count());
        Assert.DoesNotContain("Telemetry was lost", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_ended_by_an_unhandled_exception_delivers_its_spans_and_the_crashing_one_with_its_error()
    {
        string pipeline = TestSetup.UniquePipeline("exit-throw");
        string endpoint = receiver.Receiver.OtlpGrpcHostPort;

        ExitingPipelineRun run = await ExitingPipelineProcess.RunAsync(Folder.Path, pipeline, endpoint, endpoint, "throw", "10");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("the pipeline crashed", run.StandardError, StringComparison.Ordinal);
        IReadOnlyList<ReceivedSpan> spans = await WaitForSpansAsync("chime." + pipeline, 11);
        Assert.Equal(10, spans.Count(s => s.Name == "ingest"));
        ReceivedSpan crashed = Assert.Single(spans, s => s.Name == "l2-event");
        Assert.Equal("evt-crash", crashed.Attributes["helix.entity.id"]);
        ReceivedSpanEvent error = Assert.Single(crashed.Events, e => e.Name == "helix.error");
        Assert.Equal("InvalidOperationException", error.Attributes["message"]);
        Assert.Equal("l2-event", error.Attributes["stage"]);
    }

    [Fact]
    public async Task An_operation_still_running_on_another_thread_when_Main_returns_arrives_ended_with_its_error()
    {
        string pipeline = TestSetup.UniquePipeline("exit-in-flight");
        string endpoint = receiver.Receiver.OtlpGrpcHostPort;

        ExitingPipelineRun run = await ExitingPipelineProcess.RunAsync(Folder.Path, pipeline, endpoint, endpoint, "return-in-flight", "3");

        Assert.True(run.ExitCode == 0, run.ToString());
        IReadOnlyList<ReceivedSpan> spans = await WaitForSpansAsync("chime." + pipeline, 5);
        Assert.Equal(3, spans.Count(s => s.Name == "ingest"));
        ReceivedSpan operation = Assert.Single(spans, s => s.Name == "classify");
        ReceivedSpanEvent error = Assert.Single(operation.Events, e => e.Name == "helix.error");
        Assert.Equal("process_exited", error.Attributes["message"]);
        Assert.Equal("classify", error.Attributes["stage"]);
        Assert.Equal("catalog-lookup", error.Attributes["child_span"]);
        Assert.Equal(ChimeLogger.LocalReceiver.Model.ReceivedStatusCode.Error, Assert.Single(spans, s => s.Name == "catalog-lookup").Status.Code);
    }

    [Fact]
    public async Task With_the_herald_down_the_process_ends_within_its_shutdown_limit_and_warns_on_stderr_the_file_log_and_the_collector()
    {
        string pipeline = TestSetup.UniquePipeline("exit-down");
        string deadHerald = $"127.0.0.1:{TestSetup.ClosedPort()}";

        // The herald is down, the collector (the receiver) is up: the lost-telemetry warning given at exit reaches all three.
        ExitingPipelineRun run = await ExitingPipelineProcess.RunAsync(
            Folder.Path, pipeline, deadHerald, receiver.Receiver.OtlpGrpcHostPort, "return", "10", "2000");

        Assert.True(run.ExitCode == 0, run.ToString());
        string stderrWarning = Assert.Single(run.StandardError.Split('\n'), line => line.StartsWith("WARNING ChimeLogger: Telemetry was lost", StringComparison.Ordinal));
        Assert.Contains($"the herald at http://{deadHerald}/", stderrWarning, StringComparison.Ordinal);
        Assert.Matches(@"^WARNING ChimeLogger: Telemetry was lost: (10|[1-9]) spans? (were|was) not exported before the shutdown limit of 2 s ran out|^WARNING ChimeLogger: Telemetry was lost: (10|[1-9]) spans? failed to export", stderrWarning);
        Assert.DoesNotContain("dropped", stderrWarning, StringComparison.Ordinal);

        string fileLog = File.ReadAllText(Path.Combine(Folder.Path, "logs", "chime_pipeline.log"));
        Assert.Contains("WARNING ChimeLogger", fileLog, StringComparison.Ordinal);
        Assert.Contains("Telemetry was lost", fileLog, StringComparison.Ordinal);

        IReadOnlyList<ReceivedLog> logs = await receiver.WaitForLogsAsync("chime." + pipeline,
            found => found.Any(l => l.Body.StartsWith("Telemetry was lost", StringComparison.Ordinal)));
        ReceivedLog collected = logs.Single(l => l.Body.StartsWith("Telemetry was lost", StringComparison.Ordinal));
        Assert.Equal("ChimeLogger", collected.ScopeName);
        Assert.Equal(13, collected.SeverityNumber);
        Assert.Equal(10, logs.Count(l => l.Body.StartsWith("Ingested block", StringComparison.Ordinal)));
    }

    private async Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(string serviceName, int count)
    {
        TelemetryQuery query = new() { Resource = serviceName, Limit = 10_000 };
        IReadOnlyList<ReceivedSpan> spans = await receiver.Receiver.WaitForSpansAsync(found => found.Count(s => s.ServiceName == serviceName) >= count, query);
        return spans.Where(s => s.ServiceName == serviceName).ToList();
    }
}
