using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver;
using ChimeLogger.LocalReceiver.EntityView;
using ChimeLogger.LocalReceiver.Model;
using ChimeLogger.LocalReceiver.Otlp;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChimeLogger.IntegrationTests.Receiver;

/// <summary>
/// The local receiver with its entity view on: the OTLP/gRPC front keeps what the dashboard's API loses (value types,
/// the severity text sent), passes everything on to the dashboard, answers as a receiver that is down when the
/// dashboard is gone, and a taken port fails start by name.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class EntityViewReceiverTests : TelemetryTest
{
    [Fact]
    public async Task The_view_keeps_the_value_types_and_severity_text_the_dashboard_loses_and_the_dashboard_still_gets_everything()
    {
        await using LocalOtlpReceiver receiver = await LocalOtlpReceiver.StartAsync(new LocalOtlpReceiverOptions { EntityView = true });
        Assert.NotNull(receiver.EntityViewUrl);

        // A pipeline of another client that sends the entity id as a number: the herald sees a plain trace.
        const string Source = "entity-view-other-client";
        using (TracerProvider other = Sdk.CreateTracerProviderBuilder()
            .AddSource(Source)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("entity-view-other"))
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = receiver.OtlpGrpcEndpoint;
                otlp.Protocol = OtlpExportProtocol.Grpc;
            })
            .Build())
        {
            using ActivitySource source = new(Source);
            using (Activity? numbered = source.StartActivity("ingest"))
            {
                numbered!.SetTag("helix.entity.id", 42L);
            }

            Assert.True(other.ForceFlush(10_000));
        }

        // A ChimeLogger pipeline: an entity and a warning logged inside it.
        string pipeline = TestSetup.UniquePipeline("entity-view");
        using (ChimeTracer tracer = ChimeTelemetry.Setup(pipeline, options => TestSetup.Isolate(options, Folder, receiver.OtlpGrpcEndpoint, receiver.OtlpGrpcEndpoint)))
        {
            using (tracer.Create("ingest", "blk-view", "raw_data"))
            {
                tracer.CreateLogger("CHIME.ingest").LogWarning("Block header late");
            }

            Assert.True(tracer.Flush(TimeSpan.FromSeconds(10)));
        }

        // The dashboard got both, each value as a string and the level by its .NET name.
        IReadOnlyList<ReceivedSpan> forwarded = await receiver.WaitForSpansAsync(spans => spans.Count(span => span.Name == "ingest") >= 2);
        Assert.Contains(forwarded, span => span.Attributes.GetValueOrDefault("helix.entity.id") == "42");
        ReceivedLog warning = Assert.Single(await receiver.WaitForLogsAsync(logs => logs.Any(log => log.Body == "Block header late")), log => log.Body == "Block header late");
        Assert.Equal("Warning", warning.SeverityText);

        // The entity view read the exports as sent: the number is no entity id, the level is the Python name.
        using HttpClient view = new() { BaseAddress = receiver.EntityViewUrl };
        JsonElement list = await view.GetFromJsonAsync<JsonElement>("api/entities");
        Assert.Equal(["blk-view"], list.GetProperty("entities").EnumerateArray().Select(entity => entity.GetProperty("id").GetString()));
        string[] ignored = (await view.GetFromJsonAsync<string[]>("api/ignored"))!;
        Assert.Contains("The span 'ingest' carries helix.entity.id as a Int64, not a string: the herald sees a plain trace, no entity.", ignored);
        JsonElement entity = await view.GetFromJsonAsync<JsonElement>("api/entity?id=blk-view");
        JsonElement log = Assert.Single(entity.GetProperty("logs").EnumerateArray());
        Assert.Equal(("WARNING", "Block header late"), (log.GetProperty("level").GetString(), log.GetProperty("message").GetString()));

        // The pages say the same to a reader.
        string page = await view.GetStringAsync("/ignored");
        Assert.Contains("carries helix.entity.id as a Int64, not a string", page);
        Assert.Contains("Ignored (1)", page);
    }

    [Fact]
    public async Task With_the_dashboard_gone_an_export_is_answered_unavailable_and_not_kept()
    {
        await using LocalOtlpReceiver receiver = await LocalOtlpReceiver.StartAsync(new LocalOtlpReceiverOptions { EntityView = true });
        receiver.CloseStandardInput(); // the dashboard's watchdog stops it, as when its owner dies
        await WaitUntilAsync(() => !IsListening(receiver.DashboardUrl.Port));

        using HttpClient http = new(new SocketsHttpHandler { UseProxy = false });
        using HttpRequestMessage export = new(HttpMethod.Post, new Uri(receiver.OtlpGrpcEndpoint, "opentelemetry.proto.collector.trace.v1.TraceService/Export"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]), // one empty ExportTraceServiceRequest
        };
        export.Content.Headers.ContentType = new("application/grpc");
        using HttpResponseMessage answer = await http.SendAsync(export);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("14", answer.Headers.GetValues("grpc-status").Single());
        Assert.Empty(receiver.Entities!.Store.Snapshot().Spans);
    }

    [Fact]
    public async Task A_taken_entity_view_or_otlp_port_fails_start_naming_it_and_without_the_view_there_is_no_view()
    {
        using TcpListener occupied = new(IPAddress.Loopback, 0);
        occupied.Start();
        int port = ((IPEndPoint)occupied.LocalEndpoint).Port;

        LocalReceiverException view = await Assert.ThrowsAsync<LocalReceiverException>(
            () => LocalOtlpReceiver.StartAsync(new LocalOtlpReceiverOptions { EntityView = true, EntityViewPort = port }));
        Assert.Equal($"Port {port} (EntityViewPort, the entity view) on 127.0.0.1 is already in use: choose another or 0 for a free one.", view.Message);
        LocalReceiverException otlp = await Assert.ThrowsAsync<LocalReceiverException>(
            () => LocalOtlpReceiver.StartAsync(new LocalOtlpReceiverOptions { EntityView = true, OtlpGrpcPort = port }));
        Assert.StartsWith($"Port {port} (OtlpGrpcPort) on 127.0.0.1 is already in use", otlp.Message, StringComparison.Ordinal);

        await using LocalOtlpReceiver plain = await LocalOtlpReceiver.StartAsync();
        Assert.Null(plain.EntityViewUrl);
        Assert.Null(plain.Entities);
    }

    [Fact]
    public async Task Large_fans_and_long_logs_are_cut_and_the_page_says_so()
    {
        await using LocalOtlpReceiver receiver = await LocalOtlpReceiver.StartAsync(new LocalOtlpReceiverOptions { EntityView = true });
        using (ChimeTracer tracer = ChimeTelemetry.Setup(TestSetup.UniquePipeline("entity-fan"), options => TestSetup.Isolate(options, Folder, receiver.OtlpGrpcEndpoint, receiver.OtlpGrpcEndpoint)))
        {
            ILogger log = tracer.CreateLogger("CHIME.fan");
            using (tracer.Create("ingest", "blk-fan", "raw_data"))
            {
                for (int i = 0; i < 505; i++)
                {
                    log.LogInformation("Line {Number}", i);
                }
            }

            for (int i = 0; i < 45; i++)
            {
                tracer.Create("l1-search", $"blk-fan-beam{i:D2}", "n2_acquisition", parent: "blk-fan").Complete();
            }

            tracer.Create("l1-search", "beam-orphan", "n2_acquisition", parent: "blk-never-sent").Complete();

            Assert.True(tracer.Flush(TimeSpan.FromSeconds(10)));
        }

        using HttpClient view = new() { BaseAddress = receiver.EntityViewUrl };
        string page = await view.GetStringAsync("entity?id=blk-fan");
        Assert.Equal(41, Regex.Count(page, "<g class=\"node"));
        Assert.Contains("40 of 45 children drawn.", page);
        Assert.Contains("The latest 500 are shown.", page);
        Assert.Equal(500, Regex.Count(page, "<tr class=\"log\">"));
        Assert.Contains(">Line 504<", page);
        Assert.DoesNotContain(">Line 4<", page);

        // A parent that was never created: drawn as not received, and its page says the herald has no such entity.
        string orphan = await view.GetStringAsync("entity?id=beam-orphan");
        Assert.Contains("<g class=\"node missing\" data-entity-id=\"blk-never-sent\"", orphan);
        Assert.Contains(">not received</text>", orphan);
        using HttpResponseMessage missing = await view.GetAsync("entity?id=blk-never-sent");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        string missingPage = await missing.Content.ReadAsStringAsync();
        Assert.Contains("<h1>No entity blk-never-sent</h1>", missingPage);
        Assert.Contains("Named as a parent by <a class=\"mono\" href=\"/entity?id=beam-orphan\">beam-orphan</a>.", missingPage);

        string live = await view.GetStringAsync("?refresh=5");
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"5\">", live);
        Assert.DoesNotContain("http-equiv", await view.GetStringAsync("/"));
    }

    [Fact]
    public async Task A_compressed_export_is_passed_on_and_counted_as_unreadable()
    {
        await using LocalOtlpReceiver receiver = await LocalOtlpReceiver.StartAsync(new LocalOtlpReceiverOptions { EntityView = true });
        using MemoryStream gzip = new();
        using (GZipStream compressing = new(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            // An empty ExportTraceServiceRequest: no bytes, compressed.
        }

        byte[] message = gzip.ToArray();
        byte[] body = [1, .. BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(message.Length)), .. message];
        using HttpClient http = new(new SocketsHttpHandler { UseProxy = false });
        using HttpRequestMessage export = new(HttpMethod.Post, new Uri(receiver.OtlpGrpcEndpoint, "opentelemetry.proto.collector.trace.v1.TraceService/Export"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        export.Content.Headers.ContentType = new("application/grpc");
        export.Headers.Add("grpc-encoding", "gzip");
        export.Headers.TE.ParseAdd("trailers");
        using HttpResponseMessage answer = await http.SendAsync(export);
        await answer.Content.ReadAsByteArrayAsync();

        Assert.Equal("0", answer.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal(1, receiver.Entities!.Store.Snapshot().UnreadableExports);
        using HttpClient view = new() { BaseAddress = receiver.EntityViewUrl };
        Assert.Contains("Exports that could not be read (compressed, or not OTLP protobuf), passed on to the dashboard and not shown: 1.", await view.GetStringAsync("/"));
    }

    [Fact]
    public async Task Beyond_its_capacity_the_store_keeps_nothing_more_and_the_pages_say_how_much_was_left_out()
    {
        TelemetryStore store = new(capacity: 2);
        store.AddSpans([Creation("a"), Creation("b"), Creation("c")]);

        EntityIndex index = await new EntityCatalog(store).CurrentAsync();
        Assert.Equal(["a", "b"], index.Model.Entities.Select(entity => entity.Id));
        string page = EntityPages.List(index, index.List(new EntityFilter(null, false, 1, EntityFilter.DefaultSize)), refreshSeconds: null);
        Assert.Contains("Received beyond what the view keeps, and not shown: spans 1, log records 0.", page);
    }

    [Fact]
    public async Task A_page_waits_for_a_rebuild_only_so_long_and_then_says_it_shows_older_telemetry()
    {
        TelemetryStore store = new();
        store.AddSpans([Creation("a")]);
        using ManualResetEventSlim rebuildMayRun = new(initialState: true);
        EntityCatalog catalog = new(store, TimeSpan.FromMilliseconds(50), held =>
        {
            Assert.True(rebuildMayRun.Wait(TimeSpan.FromSeconds(30)));
            return EntityIndex.Build(held);
        });
        EntityIndex first = await catalog.CurrentAsync();
        Assert.False(first.IsBehind);

        rebuildMayRun.Reset();
        store.AddSpans([Creation("b")]);
        EntityIndex served = await catalog.CurrentAsync();

        Assert.Same(first, served);
        Assert.True(served.IsBehind);
        string page = EntityPages.List(served, served.List(new EntityFilter(null, false, 1, EntityFilter.DefaultSize)), refreshSeconds: null);
        Assert.Contains("More telemetry arrived and is being read", page);

        rebuildMayRun.Set();
        Stopwatch waited = Stopwatch.StartNew();
        EntityIndex latest;
        while ((latest = await catalog.CurrentAsync()).IsBehind)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the rebuild never completed");
        }

        Assert.Equal(["a", "b"], latest.Model.Entities.Select(entity => entity.Id));
        Assert.DoesNotContain("being read", EntityPages.List(latest, latest.List(new EntityFilter(null, false, 1, EntityFilter.DefaultSize)), refreshSeconds: null));
    }

    private static RecordedSpan Creation(string id) => new(
        new ChimeLogger.Testing.ReceivedSpan("ingest", "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", DateTimeOffset.UnixEpoch,
            [new("helix.entity.id", id), new("chime.resource_type", "raw_data")]),
        DateTimeOffset.UnixEpoch, "chime.cap", StatusCode: 0, Kind: 1);

    private static bool IsListening(int port)
    {
        try
        {
            using TcpClient client = new();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the condition did not hold within 30 s");
            await Task.Delay(100);
        }
    }
}
