namespace ChimeLogger.Benchmarks.Subjects;

/// <summary>
/// The registrar behind an interface, as runtime interception (Castle DynamicProxy) needs it. The
/// attribute tells <see cref="OperateSpanInterceptor"/> which span to open.
/// </summary>
public interface IRegistrar
{
    [TracedOperation(EventWork.Operation, EventWork.ResourceType)]
    int Register(string eventId);

    [TracedOperation(EventWork.Operation, EventWork.ResourceType)]
    Task<int> RegisterAsync(string eventId);

    [TracedOperation(EventWork.Operation, EventWork.ResourceType)]
    Task<int> RegisterLaterAsync(string eventId);
}

/// <summary>
/// Marks an interface method for <see cref="OperateSpanInterceptor"/>. (ChimeLogger's own attributes are
/// compile-time only: they are not kept in metadata, so an interceptor cannot read them.)
/// </summary>
/// <param name="operation">The operation name.</param>
/// <param name="resourceType">The resource type.</param>
/// <param name="resourceNameIndex">The position of the argument that holds the entity id.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class TracedOperationAttribute(string operation, string resourceType, int resourceNameIndex = 0) : Attribute
{
    public string Operation { get; } = operation;

    public string ResourceType { get; } = resourceType;

    public int ResourceNameIndex { get; } = resourceNameIndex;
}
