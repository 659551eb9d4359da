using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver;
using ChimeLogger.LocalReceiver.Model;
using ChimeLogger.LocalReceiver.Processes;

namespace ChimeLogger.IntegrationTests.Receiver;

/// <summary>The local receiver library itself: read model, summary, start failures and process clean-up.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class LocalReceiverTests(ReceiverFixture fixture)
{
    private const string TraceId = "5b8efff798038103d269b633813fc60c";
    private const string ParentTraceId = "0af7651916cd43dd8448eb211c80319c";

    [Fact]
    public async Task Reads_spans_logs_traces_and_resources_sent_as_otlp_json()
    {
        LocalOtlpReceiver receiver = fixture.Receiver;
        string service = TestSetup.UniquePipeline("receiver-read");
        string traceId = TraceId[..24] + service[^8..];
        await PostAsync(receiver, "v1/traces", SpansJson(service, traceId));
        await PostAsync(receiver, "v1/logs", LogsJson(service, traceId));

        IReadOnlyList<ReceivedSpan> spans = (await receiver.GetSpansAsync(new TelemetryQuery { TraceId = traceId })).ToArray();
        Assert.Equal(2, spans.Count);
        ReceivedSpan root = spans.Single(s => s.IsRoot);
        ReceivedSpan child = spans.Single(s => !s.IsRoot);
        Assert.Equal("root-op", root.Name);
        Assert.Equal(service, root.ServiceName);
        Assert.Equal("scope-a", root.ScopeName);
        Assert.Equal(2, root.Kind);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), root.StartTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000), root.EndTime);
        Assert.Equal("x", root.Attributes["text"]);
        Assert.Equal("5", root.Attributes["count"]);
        Assert.Equal(new ReceivedStatus(ReceivedStatusCode.Ok, null), root.Status);

        Assert.Equal(root.SpanId, child.ParentSpanId);
        Assert.Equal(ReceivedStatusCode.Error, child.Status.Code);
        Assert.Equal("broken", child.Status.Message);
        ReceivedSpanEvent spanEvent = Assert.Single(child.Events);
        Assert.Equal("helix.error", spanEvent.Name);
        Assert.Equal("boom", spanEvent.Attributes["message"]);
        Assert.Equal("true", spanEvent.Attributes["flag"]);
        ReceivedSpanLink link = Assert.Single(child.Links);
        Assert.Equal(ParentTraceId, link.TraceId);
        Assert.Equal("b7ad6b7169203331", link.SpanId);

        Assert.Equal(spans.Select(s => s.SpanId).Order(), (await receiver.GetTraceAsync(traceId)).Select(s => s.SpanId).Order());

        ReceivedLog log = Assert.Single(await receiver.GetLogsAsync(new TelemetryQuery { TraceId = traceId }));
        Assert.Equal("hello receiver", log.Body);
        Assert.Equal(13, log.SeverityNumber);
        Assert.Equal("category-b", log.ScopeName);
        Assert.Equal(traceId, log.TraceId);
        Assert.Equal(root.SpanId, log.SpanId);
        Assert.Equal("beam-1", log.Attributes["resource_name"]);
        Assert.Equal(service, log.ServiceName);

        ReceivedResource resource = Assert.Single(await receiver.GetResourcesAsync(), r => r.Name == service);
        Assert.True(resource.HasTraces);
        Assert.True(resource.HasLogs);
        Assert.False(resource.HasMetrics);

        TelemetrySummary summary = await receiver.GetSummaryAsync(new TelemetryQuery { TraceId = traceId });
        Assert.Equal(2, summary.SpanCount);
        Assert.Equal(1, summary.TraceCount);
        Assert.Equal(1, summary.ErrorSpanCount);
        Assert.Equal(1, summary.LogCount);
        Assert.Equal([service], summary.Services);
        Assert.Equal(1, summary.SpansByName["child-op"]);
        Assert.Contains("2 spans in 1 traces (1 with status Error), 1 log records", summary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limit_caps_what_a_query_returns()
    {
        LocalOtlpReceiver receiver = fixture.Receiver;
        string service = TestSetup.UniquePipeline("receiver-limit");
        string traceId = TraceId[..24] + service[^8..];
        await PostAsync(receiver, "v1/traces", SpansJson(service, traceId));

        Assert.Single(await receiver.GetSpansAsync(new TelemetryQuery { TraceId = traceId, Limit = 1 }));
        Assert.Equal(2, (await receiver.GetSpansAsync(new TelemetryQuery { TraceId = traceId })).Count);
    }

    [Fact]
    public async Task Unknown_trace_and_resource_read_as_empty()
    {
        Assert.Empty(await fixture.Receiver.GetTraceAsync("00000000000000000000000000000abc"));
        Assert.Empty(await fixture.Receiver.GetSpansAsync(new TelemetryQuery { Resource = "no-such-service" }));
    }

    [Fact]
    public async Task Waiting_for_what_never_arrives_times_out_listing_what_did()
    {
        TimeoutException error = await Assert.ThrowsAsync<TimeoutException>(() =>
            fixture.Receiver.WaitForSpansAsync(spans => spans.Any(s => s.Name == "never-sent"), timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Contains("spans did not arrive within 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_stops_the_dashboard_process()
    {
        LocalOtlpReceiver receiver = await LocalOtlpReceiver.StartAsync();
        int processId = receiver.ProcessId;
        int[] children = ChildProcessIds(processId);
        Assert.NotEmpty(children);
        Assert.False(receiver.HasExited);
        Assert.Empty(await receiver.GetResourcesAsync());

        await receiver.DisposeAsync();

        Assert.True(receiver.HasExited);
        Assert.False(IsRunning(processId));
        Assert.All(children, id => Assert.False(IsRunning(id)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => receiver.GetSpansAsync());
    }

    [Fact]
    public async Task The_dashboard_stops_by_itself_when_its_owner_goes_away()
    {
        await using LocalOtlpReceiver receiver = await LocalOtlpReceiver.StartAsync();
        int[] dashboards = ChildProcessIds(receiver.ProcessId);
        Assert.NotEmpty(dashboards);
        Assert.All(dashboards, id => Assert.True(IsRunning(id)));

        // The pipe to the dashboard's standard input closes when the owning process ends, crash or kill included.
        receiver.CloseStandardInput();

        Stopwatch waited = Stopwatch.StartNew();
        while (!receiver.HasExited && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50);
        }

        Assert.True(receiver.HasExited, "The watchdog did not stop the dashboard.");
        Assert.All(dashboards, id => Assert.False(IsRunning(id)));
    }

    [Fact]
    public async Task A_port_in_use_fails_start_with_a_message_naming_it()
    {
        using Socket taken = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        int port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        LocalReceiverException error = await Assert.ThrowsAsync<LocalReceiverException>(() =>
            LocalOtlpReceiver.StartAsync(new LocalOtlpReceiverOptions { OtlpGrpcPort = port }));

        Assert.Contains($"Port {port} (OtlpGrpcPort) on 127.0.0.1 is already in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_that_exits_early_fails_start_with_its_exit_code_and_ports()
    {
        LocalReceiverException error = await Assert.ThrowsAsync<LocalReceiverException>(() =>
            LocalOtlpReceiver.StartAsync(new LocalOtlpReceiverOptions { ExecutablePath = "/bin/false", StartTimeout = TimeSpan.FromSeconds(10) }));

        Assert.Contains("exited with code 1 before it was ready", error.Message, StringComparison.Ordinal);
        Assert.Contains("OTLP/gRPC 127.0.0.1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_executable_is_reported_with_its_path()
    {
        LocalReceiverException error = await Assert.ThrowsAsync<LocalReceiverException>(() =>
            LocalOtlpReceiver.StartAsync(new LocalOtlpReceiverOptions { ExecutablePath = "/nonexistent/Aspire.Dashboard" }));

        Assert.Contains("/nonexistent/Aspire.Dashboard", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_restored_dashboard_is_found()
    {
        string path = AspireDashboardLocator.Locate();

        Assert.True(File.Exists(path));
        Assert.EndsWith(Path.Combine(AspireDashboardLocator.Version, "tools", "Aspire.Dashboard"), path, StringComparison.Ordinal);
        Assert.Equal("13.6.5", AspireDashboardLocator.Version);
    }

    private static int[] ChildProcessIds(int parentId) => ProcessTree.Descendants(parentId).ToArray();

    private static bool IsRunning(int processId) => ProcessTree.IsAlive(processId);

    private static async Task PostAsync(LocalOtlpReceiver receiver, string path, string json)
    {
        using HttpClient http = new() { BaseAddress = receiver.OtlpHttpEndpoint };
        using StringContent content = new(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await http.PostAsync(path, content);
        response.EnsureSuccessStatusCode();
    }

    private static string SpansJson(string service, string traceId) => $$$"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{service}}}"}}]},
          "scopeSpans":[{"scope":{"name":"scope-a"},"spans":[
            {"traceId":"{{{traceId}}}","spanId":"00f067aa0ba902b7","name":"root-op","kind":2,
             "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000001000000000",
             "attributes":[{"key":"text","value":{"stringValue":"x"}},{"key":"count","value":{"intValue":"5"}}],
             "status":{"code":1}},
            {"traceId":"{{{traceId}}}","spanId":"00f067aa0ba902b8","parentSpanId":"00f067aa0ba902b7","name":"child-op","kind":1,
             "startTimeUnixNano":"1700000000100000000","endTimeUnixNano":"1700000000900000000",
             "events":[{"timeUnixNano":"1700000000500000000","name":"helix.error",
               "attributes":[{"key":"message","value":{"stringValue":"boom"}},{"key":"flag","value":{"boolValue":true}}]}],
             "links":[{"traceId":"{{{ParentTraceId}}}","spanId":"b7ad6b7169203331"}],
             "status":{"code":2,"message":"broken"}}]}]}]}
        """;

    private static string LogsJson(string service, string traceId) => $$$"""
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{service}}}"}}]},
          "scopeLogs":[{"scope":{"name":"category-b"},"logRecords":[
            {"timeUnixNano":"1700000000300000000","severityNumber":13,"severityText":"WARNING",
             "body":{"stringValue":"hello receiver"},
             "attributes":[{"key":"resource_name","value":{"stringValue":"beam-1"}}],
             "traceId":"{{{traceId}}}","spanId":"00f067aa0ba902b7"}]}]}]}
        """;
}
