namespace ChimeLogger.Benchmarks.Subjects;

/// <summary>The product: the ChimeLogger generator writes <c>Register</c>, <c>RegisterAsync</c> and <c>RegisterLaterAsync</c>.</summary>
public sealed partial class GeneratedRegistrar
{
    private int _calls;

    [Operate(EventWork.Operation, ResourceType = EventWork.ResourceType)]
    public partial int Register([ResourceName] string eventId);

    [Operate(EventWork.Operation, ResourceType = EventWork.ResourceType)]
    public partial Task<int> RegisterAsync([ResourceName] string eventId);

    [Operate(EventWork.Operation, ResourceType = EventWork.ResourceType)]
    public partial Task<int> RegisterLaterAsync([ResourceName] string eventId);

    private int RegisterCore(string eventId) => EventWork.Checksum(eventId, ++_calls);

    private Task<int> RegisterAsyncCore(string eventId) => EventWork.ChecksumTask(eventId, ++_calls);

    private Task<int> RegisterLaterAsyncCore(string eventId) => EventWork.ChecksumLaterAsync(eventId, ++_calls);
}
