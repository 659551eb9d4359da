using System.Globalization;
using ChimeLogger.Benchmarks.Ceiling;
using ChimeLogger.Benchmarks.Interleaved;
using ChimeLogger.LocalReceiver;
using ChimeLogger.LocalReceiver.Model;

namespace ChimeLogger.Benchmarks.Burst;

/// <summary>
/// The burst at start, with default options: <see cref="BurstTrial"/> against the discarding receiver (twice) and
/// against the Aspire dashboard the sample starts (read back from it), and what a full queue costs in memory at the
/// default size and at the former default of 2,048.
/// </summary>
internal static class BurstRun
{
    public const int FormerDefaultQueueSize = 2048;

    public static async Task<BurstResult> MeasureAsync(string root, bool quick, TextWriter log)
    {
        List<BurstTrialResult> trials = [];
        using (DiscardingReceiver receiver = await DiscardingReceiver.StartAsync(root).ConfigureAwait(false))
        {
            for (int i = 0; i < (quick ? 1 : 2); i++)
            {
                trials.Add(await RunAsync("discarding receiver", "bench-burst", receiver.Endpoint, log, received: null).ConfigureAwait(false));
            }
        }

        LocalOtlpReceiverOptions options = new();
        options.Environment["Dashboard__TelemetryLimits__MaxTraceCount"] = "50000";
        await using (LocalOtlpReceiver dashboard = await LocalOtlpReceiver.StartAsync(options).ConfigureAwait(false))
        {
            string pipeline = "bench-burst-" + Guid.NewGuid().ToString("N")[..6];
            trials.Add(await RunAsync("Aspire dashboard", pipeline, dashboard.OtlpGrpcEndpoint, log, async () =>
            {
                IReadOnlyList<ReceivedSpan> spans = await dashboard.WaitForSpansAsync(
                    all => all.Count >= BurstTrial.Spans,
                    new TelemetryQuery { Resource = "chime." + pipeline, Limit = BurstTrial.Spans * 2 },
                    timeout: TimeSpan.FromMinutes(2)).ConfigureAwait(false);
                return spans.Count;
            }).ConfigureAwait(false));
        }

        List<QueueMemoryResult> memory = [];
        foreach (int? size in new int?[] { null, FormerDefaultQueueSize })
        {
            string[] arguments = size is { } s ? [QueueMemoryTrial.Argument, s.ToString(CultureInfo.InvariantCulture)] : [QueueMemoryTrial.Argument];
            string line = await ChildProcess.RunAsync(arguments, QueueMemoryTrial.ResultPrefix, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            long[] v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(static p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            QueueMemoryResult result = new((int)v[6], v[0], v[1], v[2], v[3], v[4], v[5]);
            memory.Add(result);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// Full queue of {result.QueueSize:N0}: managed heap +{(result.HeapFull - result.HeapBefore) / 1048576.0:F1} MiB, peak working set {result.PeakWorkingSet / 1048576.0:F0} MiB (from {result.WorkingSetBefore / 1048576.0:F0} MiB)"));
        }

        return new BurstResult(trials, memory);
    }

    private static async Task<BurstTrialResult> RunAsync(string receiverName, string pipeline, Uri endpoint, TextWriter log, Func<Task<int>>? received)
    {
        string line = await ChildProcess.RunAsync([BurstTrial.Argument, pipeline, endpoint.ToString()], BurstTrial.ResultPrefix, TimeSpan.FromMinutes(6)).ConfigureAwait(false);
        string[] p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int? inReceiver = received is null ? null : await received().ConfigureAwait(false);
        BurstTrialResult result = new(
            receiverName,
            BurstTrial.Spans,
            long.Parse(p[0], CultureInfo.InvariantCulture),
            long.Parse(p[1], CultureInfo.InvariantCulture),
            long.Parse(p[2], CultureInfo.InvariantCulture),
            double.Parse(p[3], CultureInfo.InvariantCulture),
            double.Parse(p[4], CultureInfo.InvariantCulture),
            inReceiver);
        log.WriteLine($"// Burst to the {receiverName}: exported {result.Exported}, dropped {result.Dropped}, failed {result.Failed}, emitted in {result.EmitMilliseconds:F0} ms, drained in {result.DrainMilliseconds:F0} ms");
        return result;
    }
}

/// <summary>One burst of 10,000 operate spans right after Setup with default options.</summary>
internal sealed record BurstTrialResult(string Receiver, int Spans, long Exported, long Dropped, long Failed, double EmitMilliseconds, double DrainMilliseconds, int? InReceiver);

/// <summary>A full span queue and a full log record queue, in bytes.</summary>
internal sealed record QueueMemoryResult(int QueueSize, long HeapBefore, long HeapFull, long WorkingSetBefore, long PeakWorkingSet, long SpansQueued, long RecordsQueued);

internal sealed record BurstResult(IReadOnlyList<BurstTrialResult> Trials, IReadOnlyList<QueueMemoryResult> Memory);
