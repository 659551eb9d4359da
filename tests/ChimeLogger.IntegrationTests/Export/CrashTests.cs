using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using ChimeLogger.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ChimeLogger.IntegrationTests.Export;

/// <summary>
/// A pipeline process (benchmarks/ChimeLogger.Reliability in its <c>pipeline</c> mode: 100 spans/s, disk retry with a
/// 2 s window) killed with SIGKILL in the middle of an outage of the counting receiver; then a next run of the
/// pipeline with the receiver back on the same port. Everything the killed run had written to disk is delivered by
/// the next run, once.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class CrashTests(ITestOutputHelper output) : TelemetryTest
{
    private static readonly string s_pipeline = Path.GetFullPath(typeof(CrashTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ChimeLogger.ReliabilityPath").Value!);

    private readonly List<CountingReceiverProcess> _receivers = [];
    private readonly List<Process> _pipelines = [];

    protected override void DisposeStarted()
    {
        foreach (CountingReceiverProcess receiver in _receivers)
        {
            receiver.Dispose();
        }

        foreach (Process pipeline in _pipelines)
        {
            if (!pipeline.HasExited)
            {
                pipeline.Kill(entireProcessTree: true);
                pipeline.WaitForExit(10_000);
            }

            pipeline.Dispose();
        }
    }

    [Fact]
    public async Task What_a_pipeline_killed_during_an_outage_stored_on_disk_is_delivered_once_by_the_next_run()
    {
        string record = Folder.PathOf("received.txt");
        string retryPath = Folder.PathOf("retry");
        int port = ReceiverPorts.PickFree().Grpc;
        CountingReceiverProcess receiver = Track(await CountingReceiverProcess.StartAsync(port, record));

        Process first = Track(StartPipeline(receiver.Endpoint, retryPath, "first-", duration: 120, Folder.PathOf("first.emitted")));
        await Task.Delay(TimeSpan.FromSeconds(2));
        receiver.Kill();
        long onDisk = await WaitForStoredAsync(retryPath, TimeSpan.FromSeconds(30));
        first.Kill(); // SIGKILL: no flush, no shutdown
        Assert.True(first.WaitForExit(10_000));
        long emitted = long.Parse(File.ReadAllText(Folder.PathOf("first.emitted")), CultureInfo.InvariantCulture);
        onDisk = Stored(retryPath);
        int deliveredBefore = ReceivedItems.Read(record).Of("first-").SpanIds.Count;

        Track(await CountingReceiverProcess.StartAsync(port, record));
        Process next = Track(StartPipeline(receiver.Endpoint, retryPath, "next-", duration: 3, Folder.PathOf("next.emitted")));
        ReceivedItems received = await ReceivedItems.WaitAsync(
            record, r => r.Of("first-").SpanIds.Count >= deliveredBefore + onDisk, TimeSpan.FromSeconds(60));
        Assert.True(next.WaitForExit(60_000), "The next run did not end.");
        received = ReceivedItems.Read(record);
        List<string> firstRun = [.. received.Of("first-").SpanIds];
        int distinct = firstRun.Distinct(StringComparer.Ordinal).Count();

        output.WriteLine(
            $"killed run: {emitted} spans emitted, {deliveredBefore} delivered before the outage, {onDisk} on disk at the kill; " +
            $"after the next run: {distinct} delivered ({firstRun.Count - distinct} duplicated), {emitted - distinct} lost (in memory at the kill)");
        Assert.True(onDisk > 0, "Spans older than the 2 s window must be on disk when the process is killed.");
        Assert.Equal(firstRun.Count, distinct);
        Assert.Equal(deliveredBefore + onDisk, distinct);
        Assert.Empty(Directory.GetFiles(retryPath, "*.batch", SearchOption.AllDirectories));
    }

    private static Process StartPipeline(Uri endpoint, string retryPath, string prefix, int duration, string progress) =>
        Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                s_pipeline, "pipeline", "--endpoint", endpoint.ToString(), "--prefix", prefix, "--rate", "100",
                "--duration", duration.ToString(CultureInfo.InvariantCulture), "--progress", progress,
                "--retry", "disk", "--retry-path", retryPath, "--window", "2",
            },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("dotnet did not start the pipeline.");

    // Spans in the batch files of the trace folder (the item count is the last part of each file's name).
    private static long Stored(string retryPath) =>
        Directory.Exists(Path.Combine(retryPath, "traces"))
            ? Directory.GetFiles(Path.Combine(retryPath, "traces"), "*.batch", SearchOption.AllDirectories)
                .Sum(file => long.Parse(Path.GetFileNameWithoutExtension(file).Split('.')[^1], CultureInfo.InvariantCulture))
            : 0;

    private static async Task<long> WaitForStoredAsync(string retryPath, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (Stored(retryPath) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // a little more on disk, and some still in memory, at the kill
        return Stored(retryPath);
    }

    private CountingReceiverProcess Track(CountingReceiverProcess receiver)
    {
        _receivers.Add(receiver);
        return receiver;
    }

    private Process Track(Process pipeline)
    {
        _pipelines.Add(pipeline);
        return pipeline;
    }
}
