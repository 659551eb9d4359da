using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.IntegrationTests.Hosting;

/// <summary>
/// <c>AddChimeLogger</c> on a generic host: the host's own loggers are enriched and exported to a real receiver,
/// the host's tracer is the process tracer while it runs, and a refused credential fails host start.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HostedAppTests(ReceiverFixture receiver) : TelemetryTest
{
    [Fact]
    public async Task Host_loggers_inside_a_tracer_span_arrive_at_the_receiver_enriched()
    {
        string pipeline = TestSetup.UniquePipeline("hosted");
        string beamId = "beam-" + pipeline[^8..];
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.AddChimeLogger(options =>
        {
            TestSetup.Isolate(options, Folder, receiver.Receiver.OtlpGrpcEndpoint, receiver.Receiver.OtlpGrpcEndpoint);
            options.Pipeline = pipeline;
            options.Site = "gbo";
        });

        using (IHost host = builder.Build())
        {
            await host.StartAsync();
            try
            {
                ChimeTracer tracer = host.Services.GetRequiredService<ChimeTracer>();
                Assert.Same(tracer, ChimeTelemetry.Tracer);
                ILogger<BeamWorker> worker = host.Services.GetRequiredService<ILogger<BeamWorker>>();
                ILogger chime = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CHIME.hosted");

                worker.LogInformation("worker outside any span");
                using (tracer.Create("l1-search", beamId, "n2_acquisition"))
                {
                    worker.LogInformation("worker inside the span");
                    chime.LogWarning("chime logger inside the span");
                }
            }
            finally
            {
                await host.StopAsync();
            }
        }

        Assert.Null(ChimeTelemetry.Tracer); // disposing the host released the process tracer

        string serviceName = "chime." + pipeline;
        ReceivedSpan span = Assert.Single(await receiver.WaitForSpansAsync(serviceName, 1));
        Assert.Equal(beamId, span.Attributes["helix.entity.id"]);
        Assert.Equal("gbo", span.Attributes["chime.site"]);
        Assert.Equal("CHIME/" + pipeline, span.ResourceAttributes["helix.process.name"]);

        IReadOnlyList<ReceivedLog> logs = await receiver.WaitForLogsAsync(serviceName, found => found.Count(l => l.Body.Contains("span", StringComparison.Ordinal)) >= 3);
        ReceivedLog inside = logs.Single(l => l.Body == "worker inside the span");
        Assert.Equal("ChimeLogger.IntegrationTests.Hosting.HostedAppTests.BeamWorker", inside.ScopeName);
        Assert.Equal(beamId, inside.Attributes["resource_name"]);
        Assert.Equal("n2_acquisition", inside.Attributes["resource_type"]);
        Assert.Equal(pipeline, inside.Attributes["pipeline"]);
        Assert.Equal("gbo", inside.Attributes["site"]);
        Assert.Equal(beamId, inside.Attributes["helix_entity_id"]);
        Assert.Equal("CHIME", inside.Attributes["helix_instrument_id"]);
        Assert.Equal("CHIME/" + pipeline, inside.Attributes["helix_process_name"]);
        Assert.Equal(span.TraceId, inside.TraceId);
        Assert.Equal(span.SpanId, inside.SpanId);
        Assert.Equal(span.TraceId, inside.Attributes["otel_trace_id"]);
        Assert.Equal(span.SpanId, inside.Attributes["otel_span_id"]);

        ReceivedLog warning = logs.Single(l => l.Body == "chime logger inside the span");
        Assert.Equal(13, warning.SeverityNumber);
        Assert.Equal(beamId, warning.Attributes["resource_name"]);

        // Outside spans: the configured pipeline and site, unknown entity (docs/helix-contract.md §4).
        ReceivedLog outside = logs.Single(l => l.Body == "worker outside any span");
        Assert.Equal("unknown_name", outside.Attributes["resource_name"]);
        Assert.Equal("unknown_type", outside.Attributes["resource_type"]);
        Assert.Equal(pipeline, outside.Attributes["pipeline"]);
        Assert.Equal("gbo", outside.Attributes["site"]);
        Assert.False(outside.Attributes.ContainsKey("helix_entity_id"));
        Assert.Null(outside.TraceId);

        string fileLog = Folder.ReadAllText();
        Assert.Contains("chime logger inside the span", fileLog, StringComparison.Ordinal);
        Assert.Contains($"resource_name={beamId}", fileLog, StringComparison.Ordinal);
        Assert.DoesNotContain("worker inside the span", fileLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_credential_fails_host_start()
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        herald.AnswerTokens(_ => TokenAnswer.Refuse(401, "unauthorized"));
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.AddChimeLogger(options =>
        {
            TestSetup.Isolate(options, Folder, herald.OtlpEndpoint, herald.OtlpEndpoint);
            options.Credential = "hosted-secret-9d2e";
            options.AuthEndpoint = herald.AuthEndpoint.ToString();
        });

        using IHost host = builder.Build();
        HeraldAuthenticationException error = await Assert.ThrowsAsync<HeraldAuthenticationException>(() => host.StartAsync());

        Assert.Equal(401, error.StatusCode);
        Assert.DoesNotContain("hosted-secret-9d2e", error.ToString(), StringComparison.Ordinal);
        Assert.Null(ChimeTelemetry.Tracer);
        Assert.Equal("hosted-secret-9d2e", Assert.Single(herald.TokenRequests).Credential);
    }

    [Fact]
    public async Task A_hosted_app_exchanges_the_credential_at_start_and_authorizes_trace_exports_only()
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        herald.AnswerTokens(_ => TokenAnswer.Issue("hosted-jwt", 86_400));
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.AddChimeLogger(options =>
        {
            TestSetup.Isolate(options, Folder, herald.OtlpEndpoint, herald.OtlpEndpoint);
            options.Credential = "hosted-secret-41c7";
            options.AuthEndpoint = herald.AuthEndpoint.ToString();
        });

        using (IHost host = builder.Build())
        {
            Assert.Empty(herald.TokenRequests); // exchanged at start, not at build
            await host.StartAsync();
            try
            {
                Assert.Single(herald.TokenRequests);
                ChimeTracer tracer = host.Services.GetRequiredService<ChimeTracer>();
                using (tracer.Create("l1-search", "beam-hosted", "n2_acquisition"))
                {
                    host.Services.GetRequiredService<ILogger<BeamWorker>>().LogInformation("hosted and authorized");
                }
            }
            finally
            {
                await host.StopAsync(); // flushes
            }
        }

        IReadOnlyList<ExportRequest> exports = await herald.WaitForExportsAsync(e =>
            e.Any(x => x.Path == FakeHerald.TraceExportPath) && e.Any(x => x.Path == FakeHerald.LogExportPath));
        Assert.All(exports.Where(e => e.Path == FakeHerald.TraceExportPath), e => Assert.Equal("Bearer hosted-jwt", e.Authorization));
        Assert.All(exports.Where(e => e.Path == FakeHerald.LogExportPath), e => Assert.Null(e.Authorization));
        WireLog log = Assert.Single(
            exports.Where(e => e.Path == FakeHerald.LogExportPath).SelectMany(e => OtlpWire.ReadLogs(e.Message)),
            l => Equals(l.Body, "hosted and authorized"));
        Assert.Equal("INFO", log.SeverityText);
        Assert.Equal("beam-hosted", log.Attributes["resource_name"]);
    }

    /// <summary>A category for the host's <see cref="ILogger{TCategoryName}"/>.</summary>
    public sealed class BeamWorker;
}
