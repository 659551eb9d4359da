using ChimeLogger.LocalReceiver;
using ChimeLogger.LocalReceiver.Model;

namespace ChimeLogger.IntegrationTests.Infrastructure;

/// <summary>One Aspire dashboard for the whole test run, on free ports, stopped when the run ends.</summary>
public sealed class ReceiverFixture : IAsyncLifetime
{
    private LocalOtlpReceiver? _receiver;

    public LocalOtlpReceiver Receiver => _receiver ?? throw new InvalidOperationException("The receiver has not started.");

    public async Task InitializeAsync() => _receiver = await LocalOtlpReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    /// <summary>Waits for the spans of one service (tests tell themselves apart by pipeline, hence service name).</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(string serviceName, int count)
    {
        IReadOnlyList<ReceivedSpan> all = await Receiver.WaitForSpansAsync(spans => spans.Count(s => s.ServiceName == serviceName) >= count);
        return all.Where(s => s.ServiceName == serviceName).ToArray();
    }

    /// <summary>Waits for the log records of one service that satisfy <paramref name="until"/>.</summary>
    public async Task<IReadOnlyList<ReceivedLog>> WaitForLogsAsync(string serviceName, Func<IReadOnlyList<ReceivedLog>, bool> until)
    {
        IReadOnlyList<ReceivedLog> all = await Receiver.WaitForLogsAsync(logs => until(logs.Where(l => l.ServiceName == serviceName).ToArray()));
        return all.Where(l => l.ServiceName == serviceName).ToArray();
    }
}
