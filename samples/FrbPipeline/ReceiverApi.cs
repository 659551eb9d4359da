using ChimeLogger.LocalReceiver;
using ChimeLogger.LocalReceiver.Model;

namespace FrbPipeline;

/// <summary>Reads back what reached a receiver: the one the sample started, or one named by --receiver-url.</summary>
internal sealed class ReceiverApi
{
    private static readonly TelemetryQuery s_everything = new() { Limit = 100_000 };
    private readonly Func<CancellationToken, Task<IReadOnlyList<ReceivedSpan>>> _spans;
    private readonly Func<CancellationToken, Task<IReadOnlyList<ReceivedLog>>> _logs;

    public ReceiverApi(LocalOtlpReceiver receiver)
    {
        _spans = ct => receiver.GetSpansAsync(s_everything, ct);
        _logs = ct => receiver.GetLogsAsync(s_everything, ct);
    }

    public ReceiverApi(Uri url)
    {
        TelemetryApiClient client = new(url);
        _spans = ct => client.GetSpansAsync(s_everything, ct);
        _logs = ct => client.GetLogsAsync(s_everything, ct);
    }

    /// <summary>
    /// Reads spans and logs until two reads agree (the receiver ingests what the flush sent a moment later),
    /// then summarises those of <paramref name="serviceName"/>.
    /// </summary>
    public async Task<RunSummary> SummariseAsync(string serviceName, RunCounts counts, CancellationToken cancellationToken)
    {
        RunSummary? previous = null;
        for (int attempt = 0; attempt < 40; attempt++)
        {
            RunSummary current = RunSummary.Of(await _spans(cancellationToken), await _logs(cancellationToken), serviceName);
            bool complete = current.OperationsByName.GetValueOrDefault("classify") >= counts.Events;
            if (complete && previous is not null && previous.Spans == current.Spans && previous.LogRecords == current.LogRecords)
            {
                return current;
            }

            previous = current;
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        return previous ?? throw new TimeoutException("The receiver answered nothing.");
    }
}
