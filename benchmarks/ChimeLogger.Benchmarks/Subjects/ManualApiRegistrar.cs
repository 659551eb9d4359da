namespace ChimeLogger.Benchmarks.Subjects;

/// <summary>The same operation through the manual API, as a user writes it without the attributes.</summary>
public sealed class ManualApiRegistrar
{
    private readonly ChimeTracer _tracer;
    private int _calls;

    public ManualApiRegistrar(ChimeTracer tracer) => _tracer = tracer;

    public int Register(string eventId)
    {
        using HelixToken token = _tracer.Operate(EventWork.Operation, eventId, EventWork.ResourceType);
        try
        {
            return EventWork.Checksum(eventId, ++_calls);
        }
        catch (Exception ex) when (token.RecordException(ex))
        {
            throw;
        }
    }

    public async Task<int> RegisterAsync(string eventId)
    {
        using HelixToken token = _tracer.Operate(EventWork.Operation, eventId, EventWork.ResourceType);
        try
        {
            return await EventWork.ChecksumTask(eventId, ++_calls).ConfigureAwait(false);
        }
        catch (Exception ex) when (token.RecordException(ex))
        {
            throw;
        }
    }
}
