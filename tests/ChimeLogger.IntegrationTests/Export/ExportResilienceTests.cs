using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChimeLogger.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.IntegrationTests.Export;

/// <summary>
/// docs/helix-contract.md §6: telemetry never blocks or breaks the pipeline, and shutdown is bounded, even when the
/// herald and the collector accept connections but never answer, or refuse them.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ExportResilienceTests : TelemetryTest
{
    [Fact]
    public void A_silent_herald_neither_blocks_the_pipeline_nor_delays_shutdown_past_its_limit()
    {
        // Accepts TCP connections (the backlog completes the handshake) and never reads or answers.
        using Socket blackHole = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        blackHole.Listen(512);
        Uri endpoint = new($"http://127.0.0.1:{((IPEndPoint)blackHole.LocalEndPoint!).Port}");

        ChimeTracer tracer = ChimeTelemetry.Setup(TestSetup.UniquePipeline("silent"), options =>
        {
            TestSetup.Isolate(options, Folder, endpoint, endpoint);
            options.ShutdownTimeout = TimeSpan.FromSeconds(3);
        });

        Stopwatch work = Stopwatch.StartNew();
        ILogger log = tracer.CreateLogger("CHIME.resilience");
        for (int i = 0; i < 2_000; i++)
        {
            using (tracer.Create("l1-search", $"beam-{i}", "n2_acquisition"))
            {
                log.LogInformation("beam processed");
            }
        }

        TimeSpan working = work.Elapsed;
        Stopwatch shutdown = Stopwatch.StartNew();
        tracer.Dispose();

        Assert.True(working < TimeSpan.FromSeconds(10), $"2 000 spans took {working} with a silent herald.");
        // Traces and logs each wait up to the limit; in turn they would take twice as long (6 s).
        Assert.True(shutdown.Elapsed < TimeSpan.FromSeconds(4.5), $"Dispose took {shutdown.Elapsed} with a 3 s shutdown timeout.");
        Assert.Null(ChimeTelemetry.Tracer);
    }

    [Fact]
    public void A_refusing_herald_does_not_break_the_pipeline_and_setup_works_again_after_dispose()
    {
        int closedPort;
        using (Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closedPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        Uri endpoint = new($"http://127.0.0.1:{closedPort}");
        for (int round = 0; round < 2; round++)
        {
            using ChimeTracer tracer = ChimeTelemetry.Setup(TestSetup.UniquePipeline("refused"), options =>
            {
                TestSetup.Isolate(options, Folder, endpoint, endpoint);
                options.ShutdownTimeout = TimeSpan.FromSeconds(2);
            });
            Assert.Same(tracer, ChimeTelemetry.Tracer);

            using (HelixToken token = tracer.Operate("register", $"event-{round}", "event"))
            {
                token.AddEvent("helix.event.registered");
                tracer.CreateLogger("CHIME.resilience").LogWarning("herald is down");
            }

            Stopwatch flush = Stopwatch.StartNew();
            tracer.Flush(TimeSpan.FromSeconds(3)); // failed exports are not the pipeline's problem: it returns
            Assert.True(flush.Elapsed < TimeSpan.FromSeconds(8), $"Flush took {flush.Elapsed}.");
        }

        Assert.Null(ChimeTelemetry.Tracer);
    }
}
