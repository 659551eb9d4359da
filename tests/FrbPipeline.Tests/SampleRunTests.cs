using System.Diagnostics;
using System.Text.RegularExpressions;
using ChimeLogger.LocalReceiver;
using ChimeLogger.LocalReceiver.Model;

namespace FrbPipeline.Tests;

/// <summary>
/// Runs the sample as a user would (its own process, --no-wait, a fixed seed) against a receiver started by
/// the test, then checks what it printed against what the test reads back from the receiver itself.
/// </summary>
[Collection(Infrastructure.SampleRuns.Name)]
public sealed class SampleRunTests : IAsyncLifetime
{
    private const int Seed = 4242;
    private const int Events = 6;
    private const string ServiceName = "chime.frb-realtime";

    private LocalOtlpReceiver _receiver = null!;
    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "frb-sample-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_workDirectory);
        _receiver = await LocalOtlpReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Directory.Delete(_workDirectory, recursive: true);
    }

    [Fact]
    public async Task The_printed_summary_matches_what_reached_the_receiver_and_the_contract_holds()
    {
        SampleResult run = await RunSampleAsync("--no-wait", "--seed", Seed.ToString(), "--events", Events.ToString(), "--receiver-url", _receiver.DashboardUrl.ToString());

        Assert.True(run.ExitCode == 0, run.Output);
        IReadOnlyList<ReceivedSpan> spans = (await _receiver.GetSpansAsync(new TelemetryQuery { Limit = 100_000 }))
            .Where(span => span.ServiceName == ServiceName).ToList();
        IReadOnlyList<ReceivedLog> logs = (await _receiver.GetLogsAsync(new TelemetryQuery { Limit = 100_000 }))
            .Where(log => log.ServiceName == ServiceName).ToList();

        // Entities per resource type: distinct helix.entity.id of create spans.
        List<ReceivedSpan> creates = spans.Where(s => s.Attributes.ContainsKey("helix.entity.id") && !s.Attributes.ContainsKey("helix.entity.is_operation")).ToList();
        Dictionary<string, int> entities = creates.DistinctBy(s => s.Attributes["helix.entity.id"])
            .GroupBy(s => s.Attributes["chime.resource_type"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Events, entities["raw_data"]);
        Assert.Equal(Events, entities["event"]);
        Assert.InRange(entities["n2_acquisition"], 2 * Events, 4 * Events);
        Assert.Equal(Line(run.Output, "entities"), Join(entities));

        // Operations: each is a root span of its own trace.
        List<ReceivedSpan> operations = spans.Where(s => s.Attributes.GetValueOrDefault("helix.entity.is_operation") == "true").ToList();
        Assert.All(operations, op => Assert.True(op.IsRoot, $"{op.Name} has a parent"));
        Assert.Equal(operations.Count, operations.Select(op => op.TraceId).Distinct().Count());
        Assert.Equal(Events, operations.Count(op => op.Name == "classify"));
        Assert.Equal(Events, operations.Count(op => op.Name == "register"));
        Assert.Equal(4 * Events, operations.Count(op => op.Name == "replicate"));
        Assert.Equal(Line(run.Output, "operations"), Join(operations.GroupBy(op => op.Name).ToDictionary(g => g.Key, g => g.Count())));

        // Provenance: every event names beams that exist; every beam names a block that exists.
        HashSet<string> beams = creates.Where(s => s.Attributes["chime.resource_type"] == "n2_acquisition").Select(s => s.Attributes["helix.entity.id"]).ToHashSet();
        HashSet<string> blocks = creates.Where(s => s.Attributes["chime.resource_type"] == "raw_data").Select(s => s.Attributes["helix.entity.id"]).ToHashSet();
        foreach (ReceivedSpan evt in creates.Where(s => s.Attributes["chime.resource_type"] == "event"))
        {
            string[] parents = evt.Attributes["helix.parent.ids"].Split(',');
            Assert.NotEmpty(parents);
            Assert.All(parents, parent => Assert.Contains(parent, beams));
            Assert.Equal(parents.Length, evt.Links.Count);
        }

        Assert.All(creates.Where(s => s.Attributes["chime.resource_type"] == "n2_acquisition"),
            beam => Assert.Contains(beam.Attributes["helix.parent.ids"], blocks));

        // Beams carry the metadata keys the CHIME monitor plots read, as plain numbers its parsers take (ParseInt for
        // the beam number, ParseFloat for DM and S/N: no exponent).
        Assert.All(creates.Where(s => s.Attributes["chime.resource_type"] == "n2_acquisition"), beam =>
        {
            Assert.Matches("^[0-9]+$", beam.Attributes["helix.chime.beam_no"]);
            Assert.Matches("^[0-9]+(\\.[0-9]+)?$", beam.Attributes["helix.chime.dm"]);
            Assert.Matches("^[0-9]+(\\.[0-9]+)?$", beam.Attributes["helix.chime.snr"]);
        });

        // Errors carry stable messages the herald can de-duplicate on.
        List<string> errorMessages = spans.SelectMany(s => s.Events).Where(e => e.Name == "helix.error").Select(e => e.Attributes["message"]).ToList();
        Assert.NotEmpty(errorMessages);
        Assert.All(errorMessages, message => Assert.Contains(message, new[] { "replication_timeout", "replication_failed", "conversion_failed", "InvalidDataException" }));
        Assert.Contains($"errors        {errorMessages.Count} (", run.Output);

        // Events and logs.
        int helixEvents = spans.SelectMany(s => s.Events).Count(e => e.Name.StartsWith("helix.event.", StringComparison.Ordinal));
        Assert.True(helixEvents >= Events);
        Assert.Contains($"events        {helixEvents} (", run.Output);
        Assert.Equal($"{logs.Count}", Line(run.Output, "log records"));
        ReceivedLog insideEvent = Assert.Single(logs, log => log.Body.StartsWith("Classified as", StringComparison.Ordinal) && log.Attributes["resource_name"] == $"evt-{Seed}-00000");
        Assert.Equal("event", insideEvent.Attributes["resource_type"]);
        Assert.Equal("frb-realtime", insideEvent.Attributes["pipeline"]);
        Assert.Equal("kko", insideEvent.Attributes["site"]);
        // The receiver's API renders severity text its own way; the Python names on the wire are checked by the
        // integration tests' OTLP wire capture. Here: OTLP severity numbers 9 (INFO) and 13 (WARN).
        Assert.Equal(9, insideEvent.SeverityNumber);
        Assert.Contains(logs, log => log.SeverityNumber == 13 && log.Attributes["resource_type"] == "event");
        Assert.All(logs, log => Assert.True(log.Attributes.ContainsKey("resource_name") && log.Attributes.ContainsKey("site"), log.ToString()));

        // The rotating file log holds CHIME.* records and ChimeLogger's own warnings only.
        string fileLog = Path.Combine(_workDirectory, "logs", "chime_pipeline.log");
        Assert.True(File.Exists(fileLog), run.Output);
        string[] lines = await File.ReadAllLinesAsync(fileLog);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(@" ((DEBUG|INFO|WARNING|ERROR|CRITICAL) CHIME\.|WARNING ChimeLogger )", line));
        Assert.Contains(lines, line => line.Contains("site=kko", StringComparison.Ordinal) && line.Contains("resource_type=n2_acquisition", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_run()
    {
        SampleResult first = await RunSampleAsync("--no-wait", "--seed", "77", "--events", "3");
        SampleResult second = await RunSampleAsync("--no-wait", "--seed", "77", "--events", "3");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(DidLine(first.Output), DidLine(second.Output));
        Assert.Matches(@"blocks 3, beams \d+, events 3, replications 12", DidLine(first.Output));
    }

    [Fact]
    public async Task Bad_arguments_are_explained()
    {
        SampleResult run = await RunSampleAsync("--events", "many");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--events 'many' is not a whole number", run.Output);
    }

    [Fact]
    public async Task With_no_wait_the_run_ends_by_saying_its_own_receiver_stops_rather_than_inviting_to_open_it()
    {
        // No HERALD_ENDPOINT: the sample starts its own receiver, and --no-wait stops it with the run.
        SampleResult run = await RunSampleAsync(exportToReceiver: false, herald: null, "--no-wait", "--events", "1", "--ui-port", "0");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Receiver up: OTLP/gRPC at ", run.Output);
        Assert.Contains("\nThe local receiver stops with this run; run without --no-wait to browse the traces, logs and entities in its web UIs.\n", run.Output.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Open http", run.Output);
        Assert.DoesNotContain("stays up until Ctrl+C", run.Output);
    }

    [Fact]
    public async Task A_receiver_port_in_use_is_explained()
    {
        using System.Net.Sockets.TcpListener occupied = new(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        int port = PortOf(occupied);

        SampleResult run = await RunSampleAsync(exportToReceiver: false, herald: null, "--no-wait", "--ui-port", port.ToString());

        Assert.True(run.ExitCode == 3, run.Output);
        Assert.Contains("The local receiver could not be started", run.Output);
        Assert.Contains($"Port {port}", run.Output);
        Assert.Contains("already in use", run.Output);
    }

    [Fact]
    public async Task An_unreachable_herald_is_explained_and_the_pipeline_still_runs()
    {
        int port = ClosedPort();

        SampleResult run = await RunSampleAsync(exportToReceiver: false, herald: $"127.0.0.1:{port}", "--no-wait", "--events", "1");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"Warning: nothing answers at 127.0.0.1:{port}", run.Output);
        Assert.Contains("blocks 1, beams", run.Output);
    }

    [Fact]
    public async Task A_receiver_api_that_never_answers_is_explained_when_its_read_times_out()
    {
        // A read-back URL whose server accepts and never answers: the HTTP client's own timeout (30 s) ends the read
        // with a cancellation that is not Ctrl+C. It used to escape as an unhandled TaskCanceledException.
        using System.Net.Sockets.TcpListener silent = new(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        int port = PortOf(silent);

        SampleResult run = await RunSampleAsync("--no-wait", "--events", "1", "--receiver-url", $"http://127.0.0.1:{port}/");

        Assert.True(run.ExitCode == 5, run.Output);
        Assert.Contains("The receiver could not be read back: it did not answer in time", run.Output);
        Assert.DoesNotContain("Unhandled exception", run.Output);
    }

    [Fact]
    public async Task Spans_of_a_sample_process_that_exited_during_an_outage_are_delivered_by_the_next_run_with_disk_retry()
    {
        int deadPort = ClosedPort();
        string retryDirectory = Path.Combine(_workDirectory, "export-retry");

        // First run: a separate process, the herald down; it exits with its spans stored on disk.
        SampleResult firstRun = await RunSampleAsync(
            exportToReceiver: false,
            herald: $"127.0.0.1:{deadPort}",
            new Dictionary<string, string> { ["CHIME_LOGGER_EXPORT_RETRY"] = "disk", ["CHIME_LOGGER_EXPORT_RETRY_PATH"] = retryDirectory },
            "--no-wait", "--events", "1", "--seed", "9");
        Assert.True(firstRun.ExitCode == 0, firstRun.Output);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(retryDirectory, "traces"), "*", SearchOption.AllDirectories));
        int beams = int.Parse(Regex.Match(DidLine(firstRun.Output), @"beams (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // Next run, same directory, the herald is back at the same address (disk retry keeps stored batches per
        // endpoint): its retry loop sends them as soon as the herald answers.
        await using LocalOtlpReceiver herald = await LocalOtlpReceiver.StartAsync(new LocalOtlpReceiverOptions { OtlpGrpcPort = deadPort });
        using (ChimeLogger.ChimeTracer nextRun = ChimeLogger.ChimeTelemetry.Setup("frb-next-run", options =>
        {
            options.HeraldEndpoint = herald.OtlpGrpcHostPort;
            options.LogsEndpoint = herald.OtlpGrpcHostPort;
            options.ExportRetry = ChimeLogger.ExportRetryMode.Disk;
            options.ExportRetryPath = retryDirectory;
            options.FileLogEnabled = false;
        }))
        {
            IReadOnlyList<ReceivedSpan> delivered = await herald.WaitForSpansAsync(
                spans => spans.Count(span => span.ServiceName == ServiceName && span.Name == "classify") >= 1,
                new TelemetryQuery { Limit = 100_000 },
                timeout: TimeSpan.FromSeconds(100));

            List<ReceivedSpan> ours = delivered.Where(span => span.ServiceName == ServiceName).ToList();
            Assert.Equal(ours.Count, ours.Select(span => span.SpanId).Distinct().Count());
            Assert.Equal(1, ours.Count(span => span.Name == "ingest"));
            Assert.Equal(beams, ours.Count(span => span.Name == "l1-search"));
            Assert.Equal(1, ours.Count(span => span.Name == "classify"));
            Assert.Equal(1, ours.Count(span => span.Name == "register"));
            Assert.Equal(PipelineRun.Destinations.Length, ours.Count(span => span.Name == "replicate"));
        }
    }

    [Fact]
    public async Task Written_as_the_herald_writes_an_export_the_samples_entities_all_keep_their_creation_and_get_no_stray_row()
    {
        // The herald writes the spans of an export concurrently (docs/helix-contract.md §7); sent as they come, the
        // sample's entities got placeholder rows beside their creations. With ordered delivery (the default) none.
        string record = Path.Combine(_workDirectory, "herald.txt");
        int port = ClosedPort();
        using ChimeLogger.IntegrationTests.Infrastructure.CountingReceiverProcess herald =
            await ChimeLogger.IntegrationTests.Infrastructure.CountingReceiverProcess.StartAsync(port, record, "--herald-writes");

        SampleResult run = await RunSampleAsync(exportToReceiver: false, herald: $"127.0.0.1:{port}", "--no-wait", "--seed", Seed.ToString(), "--events", Events.ToString());

        Assert.True(run.ExitCode == 0, run.Output);
        var rows = await ChimeLogger.IntegrationTests.Infrastructure.HeraldRows.WhenWrittenAsync(record, spans: 1, TimeSpan.FromSeconds(30));
        Assert.Equal(rows.SpansReceived, rows.SpansWritten);
        Assert.NotEmpty(rows.EntityIds);
        Assert.All(rows.EntityIds, id => Assert.True(
            rows.EntityRows(id) is [>= 0],
            $"'{id}' has the rows [{string.Join(", ", rows.EntityRows(id))}] (parent count per creation, -1 for a placeholder) instead of its one creation."));
        Assert.Equal(Events, rows.EntityIds.Count(id => id.StartsWith($"evt-{Seed}-", StringComparison.Ordinal)));
    }

    /// <summary>A loopback port that nothing listens on (it was free a moment ago).</summary>
    private static int ClosedPort()
    {
        using System.Net.Sockets.TcpListener listener = new(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = PortOf(listener);
        listener.Stop();
        return port;
    }

    private static int PortOf(System.Net.Sockets.TcpListener listener) => ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

    private static string DidLine(string output) =>
        output.Split('\n').Select(line => line.Trim()).First(line => line.StartsWith("blocks ", StringComparison.Ordinal));

    private static string Line(string output, string label)
    {
        Match match = Regex.Match(output, "^" + Regex.Escape(label) + @" +(.*)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no '{label}' line in:\n{output}");
        string value = match.Groups[1].Value.Trim();
        return value;
    }

    private static string Join(Dictionary<string, int> counts) =>
        string.Join(' ', counts.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));

    private Task<SampleResult> RunSampleAsync(params string[] args) => RunSampleAsync(exportToReceiver: true, herald: null, args);

    private Task<SampleResult> RunSampleAsync(bool exportToReceiver, string? herald, params string[] args) =>
        RunSampleAsync(exportToReceiver, herald, new Dictionary<string, string>(), args);

    private async Task<SampleResult> RunSampleAsync(bool exportToReceiver, string? herald, Dictionary<string, string> environment, params string[] args)
    {
        string sample = Path.Combine(AppContext.BaseDirectory, "FrbPipeline.dll");
        ProcessStartInfo start = new("dotnet")
        {
            WorkingDirectory = _workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(sample);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        string? endpoint = herald ?? (exportToReceiver ? _receiver.OtlpGrpcHostPort : null);
        if (endpoint is null)
        {
            start.Environment.Remove("HERALD_ENDPOINT");
            start.Environment.Remove("LOGS_ENDPOINT");
        }
        else
        {
            start.Environment["HERALD_ENDPOINT"] = endpoint;
            start.Environment["LOGS_ENDPOINT"] = endpoint;
        }
        start.Environment["CHIME_LOGGER_SITE"] = "kko";
        foreach (string name in new[] { "HERALD_INSECURE", "HERALD_CREDENTIAL", "HERALD_AUTH_ENDPOINT", "CHIME_LOGGER_PIPELINE_NAME", "CHIME_LOGGER_FILE_LOG_PATH" })
        {
            start.Environment.Remove(name);
        }

        foreach (KeyValuePair<string, string> variable in environment)
        {
            start.Environment[variable.Key] = variable.Value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The sample did not finish in 3 minutes:\n" + await stdout);
        }

        return new SampleResult(process.ExitCode, await stdout + await stderr);
    }

    private sealed record SampleResult(int ExitCode, string Output);
}
