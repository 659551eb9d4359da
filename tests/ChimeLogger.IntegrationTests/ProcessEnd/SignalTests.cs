using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver.Model;

namespace ChimeLogger.IntegrationTests.ProcessEnd;

/// <summary>
/// A pipeline stopped by a scheduler, a container runtime or a terminal: a real child process
/// (tests/ChimeLogger.ExitingPipeline) emits five create spans with a log record each, then waits inside an operation
/// (<c>classify</c> on <c>evt-inflight</c>, its child span <c>catalog-lookup</c> open) on a worker thread, and is sent a
/// real signal by process id. The receiver is the real Aspire dashboard, or a closed port for a herald that is down.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SignalTests(ReceiverFixture receiver) : TelemetryTest
{
    private const int Sighup = 1;
    private const int Sigint = 2;
    private const int Sigkill = 9;
    private const int Sigterm = 15;
    private static readonly TimeSpan Starting = TimeSpan.FromSeconds(90);


    [Theory]
    [InlineData(Sigterm, "SIGTERM")]
    [InlineData(Sigint, "SIGINT")]
    [InlineData(Sighup, "SIGHUP")]
    public async Task A_console_pipeline_stopped_by_a_signal_delivers_what_ended_and_the_operation_in_flight_with_its_error_and_ends_as_the_signal_asks(
        int signal, string name)
    {
        string pipeline = TestSetup.UniquePipeline("signal-" + name.ToLowerInvariant());
        string endpoint = receiver.Receiver.OtlpGrpcHostPort;
        ExitingPipelineRun run = await SignalInFlightAsync(signal, Folder.Path, pipeline, endpoint, endpoint, null, "in-flight", "5", "5000");

        Assert.True(run.ExitCode == 128 + signal, run.ToString());
        Assert.DoesNotContain("went on", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Telemetry was lost", run.StandardError, StringComparison.Ordinal);
        IReadOnlyList<ReceivedSpan> spans = await receiver.WaitForSpansAsync("chime." + pipeline, 7);
        Assert.Equal(5, spans.Count(s => s.Name == "ingest" && s.Events.Count == 0 && s.Status.Code == ReceivedStatusCode.Unset));

        ReceivedSpan operation = Assert.Single(spans, s => s.Name == "classify");
        Assert.Equal("evt-inflight", operation.Attributes["helix.entity.id"]);
        Assert.Equal(ReceivedStatusCode.Error, operation.Status.Code);
        ReceivedSpanEvent error = Assert.Single(operation.Events, e => e.Name == "helix.error");
        Assert.Equal("terminated_by_signal", error.Attributes["message"]);
        Assert.Equal(name, error.Attributes["signal"]);
        Assert.Equal("classify", error.Attributes["stage"]);
        Assert.Equal("catalog-lookup", error.Attributes["child_span"]);

        // The herald reads no event on a child span (docs/helix-contract.md §2): the child only carries its status.
        ReceivedSpan step = Assert.Single(spans, s => s.Name == "catalog-lookup");
        Assert.Equal(operation.SpanId, step.ParentSpanId);
        Assert.Equal(ReceivedStatusCode.Error, step.Status.Code);
        Assert.DoesNotContain(step.Events, e => e.Name.StartsWith("helix.", StringComparison.Ordinal));
        Assert.True(step.EndTime <= operation.EndTime, "The child span ends before the operation it belongs to.");

        IReadOnlyList<ReceivedLog> logs = await receiver.WaitForLogsAsync("chime." + pipeline, found => found.Count >= 6);
        Assert.Equal(5, logs.Count(l => l.Body.StartsWith("Ingested block", StringComparison.Ordinal)));
        ReceivedLog inFlight = Assert.Single(logs, l => l.Body == "Classifying in flight");
        Assert.Equal("evt-inflight", inFlight.Attributes["resource_name"]);
    }

    [Theory]
    [InlineData(Sigterm, "SIGTERM")]
    [InlineData(Sigint, "SIGINT")]
    [InlineData(Sighup, "SIGHUP")]
    public async Task With_the_herald_down_a_console_pipeline_stopped_by_a_signal_ends_within_its_ShutdownTimeout_and_says_what_was_lost(
        int signal, string name)
    {
        string pipeline = TestSetup.UniquePipeline("signal-down-" + name.ToLowerInvariant());
        string dead = $"127.0.0.1:{TestSetup.ClosedPort()}";
        TimeSpan shutdownTimeout = TimeSpan.FromSeconds(2);
        ExitingPipelineRun run = await SignalInFlightAsync(signal, Folder.Path, pipeline, dead, dead, null, "in-flight", "5", ((int)shutdownTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode == 128 + signal, run.ToString());
        Assert.True(run.SinceSignal <= shutdownTimeout + TimeSpan.FromSeconds(1), run.ToString());

        // Everything that ended, the operation and its child span among them, was waiting for the herald when time ran out.
        string lost = Assert.Single(run.StandardError.Split('\n'), line => line.StartsWith("WARNING ChimeLogger: Telemetry was lost", StringComparison.Ordinal));
        Assert.Matches(@"Telemetry was lost: 7 spans and \d+ log records were not exported before the shutdown limit of 2 s ran out", lost);
        Assert.Contains($"(the herald and collector at http://{dead}/ did not take them in time", lost, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipeline_running_as_process_1_of_its_namespace_still_ends_with_the_status_of_the_signal()
    {
        // A container's entry point without an init: the kernel ignores the default action of a signal there, so after
        // ChimeLogger's work the process would run on until the container runtime's SIGKILL.
        string pipeline = TestSetup.UniquePipeline("signal-pid1");
        string endpoint = receiver.Receiver.OtlpGrpcHostPort;
        ExitingPipelineRun run = await SignalInFlightAsync(Sigterm, Folder.Path, pipeline, endpoint, endpoint, null, asProcessOne: true, "in-flight", "5", "5000");

        Assert.True(run.ExitCode == 128 + Sigterm, run.ToString());
        IReadOnlyList<ReceivedSpan> spans = await receiver.WaitForSpansAsync("chime." + pipeline, 7);
        ReceivedSpanEvent error = Assert.Single(Assert.Single(spans, s => s.Name == "classify").Events, e => e.Name == "helix.error");
        Assert.Equal("terminated_by_signal", error.Attributes["message"]);
    }

    [Theory]
    [InlineData(Sigint, "--keep-ctrl-c")]
    [InlineData(Sigterm, "--keep-sigterm")]
    public async Task An_app_that_keeps_the_signal_goes_on_and_its_later_spans_arrive(int signal, string keep)
    {
        string pipeline = TestSetup.UniquePipeline("signal-kept");
        string endpoint = receiver.Receiver.OtlpGrpcHostPort;
        ExitingPipelineRun run = await SignalInFlightAsync(signal, Folder.Path, pipeline, endpoint, endpoint, null, "in-flight", "5", "5000", keep);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("went on", run.StandardOutput, StringComparison.Ordinal);
        IReadOnlyList<ReceivedSpan> spans = await receiver.WaitForSpansAsync("chime." + pipeline, 10);
        Assert.Equal(["after-0", "after-1", "after-2"], spans.Select(s => s.Attributes.GetValueOrDefault("helix.entity.id") ?? "")
            .Where(id => id.StartsWith("after-", StringComparison.Ordinal)).Order());

        // The app ended its operation itself: ChimeLogger did not touch it.
        ReceivedSpan operation = Assert.Single(spans, s => s.Name == "classify");
        Assert.Empty(operation.Events);
        Assert.Equal(ReceivedStatusCode.Unset, operation.Status.Code);
        Assert.Equal(ReceivedStatusCode.Unset, Assert.Single(spans, s => s.Name == "catalog-lookup").Status.Code);
    }

    [Fact]
    public async Task A_pipeline_killed_outright_has_delivered_what_ended_more_than_an_export_interval_before()
    {
        // SIGKILL runs no code: what ended is safe only once exported, at most ExportInterval after it ended. With the
        // default of 5 s none of the five spans would have left by the kill.
        string pipeline = TestSetup.UniquePipeline("sigkill");
        string endpoint = receiver.Receiver.OtlpGrpcHostPort;
        Dictionary<string, string> environment = new() { ["CHIME_LOGGER_EXPORT_INTERVAL"] = "0.2" };
        using RunningPipeline running = ExitingPipelineProcess.Start(Folder.Path, pipeline, endpoint, endpoint, environment, "in-flight", "5", "5000");
        await running.WaitForOutputAsync("in flight", Starting);
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        running.Signal(Sigkill);
        ExitingPipelineRun run = await running.WaitForExitAsync();

        Assert.True(run.ExitCode == 128 + Sigkill, run.ToString());
        IReadOnlyList<ReceivedSpan> spans = await receiver.WaitForSpansAsync("chime." + pipeline, 5);
        Assert.Equal(5, spans.Count(s => s.Name == "ingest"));
        Assert.DoesNotContain(spans, s => s.Name == "classify"); // in flight at the kill: nothing could end it
        IReadOnlyList<ReceivedLog> logs = await receiver.WaitForLogsAsync("chime." + pipeline, found => found.Count >= 6);
        Assert.Equal(5, logs.Count(l => l.Body.StartsWith("Ingested block", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_hosted_app_stopped_by_SIGTERM_keeps_its_graceful_stop_and_its_operation_arrives_cancelled()
    {
        string pipeline = TestSetup.UniquePipeline("hosted-sigterm");
        string endpoint = receiver.Receiver.OtlpGrpcHostPort;
        ExitingPipelineRun run = await SignalInFlightAsync(Sigterm, Folder.Path, pipeline, endpoint, endpoint, null, "hosted", "5", "5000");

        // The host's lifetime keeps SIGTERM (its handler runs before ChimeLogger's) and stops the app: Main returns 0.
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Application is shutting down...", run.StandardOutput, StringComparison.Ordinal);
        IReadOnlyList<ReceivedSpan> spans = await receiver.WaitForSpansAsync("chime." + pipeline, 6);
        Assert.Equal(5, spans.Count(s => s.Name == "ingest"));
        ReceivedSpan operation = Assert.Single(spans, s => s.Name == "classify");
        Assert.Equal("true", operation.Attributes["chime.cancelled"]);
        Assert.Empty(operation.Events);
    }

    [Fact]
    public async Task A_hosted_app_stopped_by_SIGHUP_which_its_host_leaves_alone_ends_its_operation_with_the_error_and_ends_as_the_signal_asks()
    {
        string pipeline = TestSetup.UniquePipeline("hosted-sighup");
        string endpoint = receiver.Receiver.OtlpGrpcHostPort;
        ExitingPipelineRun run = await SignalInFlightAsync(Sighup, Folder.Path, pipeline, endpoint, endpoint, null, "hosted", "5", "5000");

        Assert.True(run.ExitCode == 128 + Sighup, run.ToString());
        IReadOnlyList<ReceivedSpan> spans = await receiver.WaitForSpansAsync("chime." + pipeline, 6);
        Assert.Equal(5, spans.Count(s => s.Name == "ingest"));
        ReceivedSpanEvent error = Assert.Single(Assert.Single(spans, s => s.Name == "classify").Events, e => e.Name == "helix.error");
        Assert.Equal("terminated_by_signal", error.Attributes["message"]);
        Assert.Equal("SIGHUP", error.Attributes["signal"]);
    }

    [Fact]
    public async Task With_the_herald_down_a_hosted_app_stops_within_one_ShutdownTimeout_and_says_on_stderr_what_it_waits_for()
    {
        string pipeline = TestSetup.UniquePipeline("hosted-down");
        string dead = $"127.0.0.1:{TestSetup.ClosedPort()}";
        TimeSpan shutdownTimeout = TimeSpan.FromSeconds(3);
        ExitingPipelineRun run = await SignalInFlightAsync(Sigterm, Folder.Path, pipeline, dead, dead, null, "hosted", "5", ((int)shutdownTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.SinceSignal <= shutdownTimeout + TimeSpan.FromSeconds(1), run.ToString());
        string waiting = Assert.Single(run.StandardError.Split('\n'), line => line.StartsWith("WARNING ChimeLogger: Stopping: waiting up to", StringComparison.Ordinal));
        Assert.Contains($"for the herald at http://{dead}/ to take 6 spans", waiting, StringComparison.Ordinal);
        Assert.Contains("(ShutdownTimeout 3.0 s)", waiting, StringComparison.Ordinal);
    }

    // Starts the pipeline, waits until its operation is in flight, sends the signal and waits for the process to end.
    private static Task<ExitingPipelineRun> SignalInFlightAsync(
        int signal, string workingDirectory, string pipeline, string heraldEndpoint, string logsEndpoint,
        IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        SignalInFlightAsync(signal, workingDirectory, pipeline, heraldEndpoint, logsEndpoint, environment, asProcessOne: false, args);

    private static async Task<ExitingPipelineRun> SignalInFlightAsync(
        int signal, string workingDirectory, string pipeline, string heraldEndpoint, string logsEndpoint,
        IReadOnlyDictionary<string, string>? environment, bool asProcessOne, params string[] args)
    {
        using RunningPipeline running = ExitingPipelineProcess.Start(workingDirectory, pipeline, heraldEndpoint, logsEndpoint, environment, asProcessOne, args);
        await running.WaitForOutputAsync("in flight", Starting);
        running.Signal(signal);
        return await running.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }
}
