using ChimeLogger.Configuration;
using ChimeLogger.IntegrationTests.Infrastructure;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// Ordered delivery as <see cref="ChimeTelemetry.Setup"/> builds it, on the wire to an in-process herald over HTTP/2
/// (docs/reliability.md, "Delivery order"): a batch leaves as its creations, then, the pause later, the operations on
/// them; an operation on an entity created elsewhere is not held; an operation that ended inside a create span still
/// open is held until that create has been sent. With the pause at zero, batches leave as they come.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class OrderedExportPipelineTests
{
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_batch_reaches_the_herald_as_its_creations_then_the_operations_on_them_the_pause_later()
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        using (ChimeTracer tracer = Setup(herald, s_pause))
        {
            tracer.Create("ingest", "blk-1", "raw_data").Complete();
            tracer.Operate("register", "blk-1", "raw_data").Complete();
            tracer.Operate("register", "made-elsewhere-1", "raw_data").Complete();

            Assert.True(tracer.Flush(TimeSpan.FromSeconds(20)), "The batch was not delivered within 20 s.");
            Assert.Equal((3L, 0L), (tracer.ExportStatistics.SpansExported, tracer.ExportStatistics.SpansFailed));
        }

        IReadOnlyList<ExportRequest> traces = herald.TraceExports;
        Assert.Equal(2, traces.Count);
        Assert.Equal(["create blk-1", "operate made-elsewhere-1"], Describe(traces[0]));
        Assert.Equal(["operate blk-1"], Describe(traces[1]));
        Assert.True(traces[1].ReceivedAt - traces[0].ReceivedAt >= s_pause.TotalMilliseconds,
            $"The operations followed their creations after {traces[1].ReceivedAt - traces[0].ReceivedAt} ms, within the pause of {s_pause.TotalMilliseconds} ms.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_operation_that_ends_inside_its_open_create_reaches_the_herald_after_the_creation_only_with_ordered_delivery(bool ordered)
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        using ChimeTracer tracer = Setup(herald, ordered ? s_pause : TimeSpan.Zero);

        using (tracer.Create("ingest", "blk-2", "raw_data"))
        {
            tracer.Operate("register", "blk-2", "raw_data").Complete();

            // More than a batch (512) ends while the create is open, so a batch is exported before it ends.
            for (int i = 0; i < 600; i++)
            {
                tracer.ChildSpan("read-chunk").Complete();
            }

            await herald.WaitForExportsAsync(exports => exports.Any(e => e.Path == FakeHerald.TraceExportPath));
        }

        Assert.True(tracer.Flush(TimeSpan.FromSeconds(20)));
        List<string> arrived = herald.TraceExports.SelectMany(Describe).Where(span => span != "child").ToList();
        Assert.Equal(ordered ? ["create blk-2", "operate blk-2"] : ["operate blk-2", "create blk-2"], arrived);
        Assert.Equal(602L, tracer.ExportStatistics.SpansExported);
    }

    [Fact]
    public async Task Without_retry_the_operations_still_follow_their_creations_the_pause_later()
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        using (ChimeTracer tracer = Setup(herald, s_pause, ExportRetryMode.None))
        {
            tracer.Create("ingest", "blk-3", "raw_data").Complete();
            tracer.Operate("register", "blk-3", "raw_data").Complete();

            Assert.True(tracer.Flush(TimeSpan.FromSeconds(20)), "The batch was not delivered within 20 s.");
            Assert.Equal((2L, 0L), (tracer.ExportStatistics.SpansExported, tracer.ExportStatistics.SpansFailed));
        }

        IReadOnlyList<ExportRequest> traces = herald.TraceExports;
        Assert.Equal(2, traces.Count);
        Assert.Equal(["create blk-3"], Describe(traces[0]));
        Assert.Equal(["operate blk-3"], Describe(traces[1]));
        Assert.True(traces[1].ReceivedAt - traces[0].ReceivedAt >= s_pause.TotalMilliseconds,
            $"The operations followed their creations after {traces[1].ReceivedAt - traces[0].ReceivedAt} ms, within the pause of {s_pause.TotalMilliseconds} ms.");
    }

    private static List<string> Describe(ExportRequest request) => OtlpWire.ReadSpans(request.Message)
        .Select(span => span.Attributes.GetValueOrDefault(HelixAttributes.EntityId) is string id
            ? (span.Attributes.GetValueOrDefault(HelixAttributes.IsOperation) is "true" ? "operate " : "create ") + id
            : "child")
        .ToList();

    private static ChimeTracer Setup(FakeHerald herald, TimeSpan pause, ExportRetryMode? retry = null) =>
        ChimeTelemetry.Setup("ordered-export", options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.WarningsToStandardError = false;
            options.HeraldEndpoint = herald.OtlpEndpoint.ToString();
            options.LogsEndpoint = herald.OtlpEndpoint.ToString();
            options.ExportCreationPause = pause;
            options.ExportRetry = retry;
            options.ShutdownTimeout = TimeSpan.FromSeconds(10);
        });
}
