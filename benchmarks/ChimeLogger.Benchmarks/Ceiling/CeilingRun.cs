using System.Globalization;
using ChimeLogger.Benchmarks.Interleaved;

namespace ChimeLogger.Benchmarks.Ceiling;

/// <summary>
/// The export ceiling, ChimeLogger beside plain OpenTelemetry: trials in fresh processes against one discarding
/// receiver, interleaved (the order of the two subjects alternates) and repeated, for spans and for enriched log records.
/// Each trial is checked against the receiver: every item it sent was acknowledged.
/// </summary>
internal static class CeilingRun
{
    public static async Task<CeilingResult> MeasureAsync(string root, bool quick, TextWriter log)
    {
        int repeats = quick ? 1 : 4;
        int spans = quick ? 20_000 : 200_000;
        int records = quick ? 10_000 : 100_000;
        using DiscardingReceiver receiver = await DiscardingReceiver.StartAsync(root).ConfigureAwait(false);
        log.WriteLine($"// Export ceiling: discarding receiver {receiver}");
        List<CeilingTrialResult> trials = [];
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            foreach ((string kind, int count) in new[] { ("spans", spans), ("logs", records) })
            {
                string[] order = repeat % 2 == 0 ? ["chime", "otel"] : ["otel", "chime"];
                foreach (string subject in order)
                {
                    (long spansBefore, long logsBefore) = receiver.Received();
                    TimeSpan receiverCpu = receiver.ProcessorTime();
                    string line = await ChildProcess.RunAsync(
                        [CeilingTrial.Argument, subject, kind, count.ToString(CultureInfo.InvariantCulture), receiver.Endpoint.ToString()],
                        CeilingTrial.ResultPrefix, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
                    string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    double seconds = double.Parse(parts[0], CultureInfo.InvariantCulture);
                    double cpu = double.Parse(parts[1], CultureInfo.InvariantCulture);
                    double bytes = double.Parse(parts[2], CultureInfo.InvariantCulture);
                    long spansSent = long.Parse(parts[3], CultureInfo.InvariantCulture);
                    long logsSent = long.Parse(parts[4], CultureInfo.InvariantCulture);
                    (long spansAfter, long logsAfter) = await receiver.WaitForAsync(spansBefore + spansSent, logsBefore + logsSent, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                    double receiverCpuSeconds = (receiver.ProcessorTime() - receiverCpu).TotalSeconds;
                    CeilingTrialResult trial = new(
                        subject == "chime" ? CeilingResult.ChimeLogger : CeilingResult.PlainOpenTelemetry,
                        kind == "spans" ? CeilingResult.Spans : CeilingResult.LogRecords,
                        repeat + 1,
                        count,
                        count / seconds,
                        cpu * 1e6 / count,
                        bytes / count,
                        receiverCpuSeconds * 1e6 / count,
                        (spansAfter - spansBefore) == spansSent && (logsAfter - logsBefore) == logsSent);
                    trials.Add(trial);
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"// Ceiling {trial.Subject}, {trial.Kind}, round {trial.Round}: {trial.ItemsPerSecond:N0}/s, {trial.CpuMicrosecondsPerItem:F2} us CPU per item, {trial.BytesPerItem:F0} B per item, all received: {trial.AllReceived}"));
                }
            }
        }

        return new CeilingResult(trials);
    }
}

/// <summary>One trial: rate drained, CPU per item in the exporting process, bytes on the wire per item.</summary>
internal sealed record CeilingTrialResult(
    string Subject,
    string Kind,
    int Round,
    int Items,
    double ItemsPerSecond,
    double CpuMicrosecondsPerItem,
    double BytesPerItem,
    double ReceiverCpuMicrosecondsPerItem,
    bool AllReceived);

/// <summary>All trials, with the medians the goals compare.</summary>
internal sealed record CeilingResult(IReadOnlyList<CeilingTrialResult> Trials)
{
    public const string ChimeLogger = "ChimeLogger";
    public const string PlainOpenTelemetry = "plain OpenTelemetry";
    public const string Spans = "spans";
    public const string LogRecords = "log records";

    public double? Median(string subject, string kind, Func<CeilingTrialResult, double> value)
    {
        List<double> values = Trials.Where(t => t.Subject == subject && t.Kind == kind && t.AllReceived).Select(value).ToList();
        return values.Count == 0 ? null : InterleavedRatioRun.Median(values);
    }
}
