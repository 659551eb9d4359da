using System.Diagnostics;
using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver;
using ChimeLogger.LocalReceiver.Model;

namespace ChimeLogger.IntegrationTests.Export;

/// <summary>
/// A pipeline that starts and at once meets a burst of beams keeps all of their telemetry with default options: the
/// export queue holds a 10,000-span burst while the first export still opens the connection, and the real receiver
/// (the Aspire dashboard, as the sample starts it) ends up with every span.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class BurstTests : TelemetryTest
{
    private const int Burst = 10_000;


    [Fact]
    public async Task A_burst_of_ten_thousand_spans_right_after_setup_reaches_the_receiver_in_full_with_default_options()
    {
        // A receiver of its own, so that the burst stays within its trace limit and leaves the shared one alone.
        LocalOtlpReceiverOptions receiverOptions = new();
        receiverOptions.Environment["Dashboard__TelemetryLimits__MaxTraceCount"] = "50000";
        await using LocalOtlpReceiver receiver = await LocalOtlpReceiver.StartAsync(receiverOptions);
        string pipeline = TestSetup.UniquePipeline("burst");

        // Default options: only the endpoints and the file log's folder are set, as every test does.
        ChimeTracer tracer = ChimeTelemetry.Setup(pipeline, options =>
            TestSetup.Isolate(options, Folder, receiver.OtlpGrpcEndpoint, receiver.OtlpGrpcEndpoint));
        Assert.Equal(ChimeLoggerOptions.DefaultExportQueueSize, tracer.Settings.ExportQueueSize);

        for (int i = 0; i < Burst; i++)
        {
            using HelixToken span = tracer.Operate("beamform", "beam-" + i.ToString("00000", System.Globalization.CultureInfo.InvariantCulture), "beam");
        }

        // Poll, with a generous limit for a loaded machine: the dashboard ingests about a thousand spans a second.
        Stopwatch waited = Stopwatch.StartNew();
        ExportStatistics statistics = tracer.ExportStatistics;
        while (statistics.SpansExported + statistics.SpansDropped + statistics.SpansFailed < Burst && waited.Elapsed < TimeSpan.FromMinutes(4))
        {
            await Task.Delay(250);
            statistics = tracer.ExportStatistics;
        }

        Assert.Equal(Burst, statistics.SpansEnded);
        Assert.Equal(0, statistics.SpansDropped);
        Assert.Equal(0, statistics.SpansFailed);
        Assert.Equal(Burst, statistics.SpansExported);

        IReadOnlyList<ReceivedSpan> received = await receiver.WaitForSpansAsync(
            spans => spans.Count >= Burst,
            new TelemetryQuery { Resource = tracer.ServiceName, Limit = Burst * 2 },
            timeout: TimeSpan.FromMinutes(2));
        Assert.Equal(Burst, received.Select(static span => span.Attributes.GetValueOrDefault("helix.entity.id")).Distinct().Count());
    }
}
