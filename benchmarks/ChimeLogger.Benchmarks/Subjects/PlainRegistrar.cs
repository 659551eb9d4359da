namespace ChimeLogger.Benchmarks.Subjects;

/// <summary>The baseline: the same work with no telemetry at all.</summary>
public sealed class PlainRegistrar : IRegistrar
{
    private int _calls;

    public int Register(string eventId) => EventWork.Checksum(eventId, ++_calls);

    public Task<int> RegisterAsync(string eventId) => EventWork.ChecksumTask(eventId, ++_calls);

    public Task<int> RegisterLaterAsync(string eventId) => EventWork.ChecksumLaterAsync(eventId, ++_calls);
}
