using ChimeLogger.Tracing;

namespace ChimeLogger.Instrumentation;

public static partial class InstrumentedValues
{
    /// <summary>
    /// Reads the member named by <c>[ResourceName("Member")]</c> or <c>[Parents("Member")]</c>. The member is user code
    /// (a property getter) that runs before the work starts; if it throws, the span opens without its value, a warning
    /// names the method, the member and the exception type, and the work runs as usual: telemetry never stops the
    /// pipeline it observes.
    /// </summary>
    /// <typeparam name="TSource">The type of the parameter the member belongs to.</typeparam>
    /// <typeparam name="TValue">The type of the value read (already formatted as text for an entity id).</typeparam>
    /// <param name="source">The parameter.</param>
    /// <param name="read">Reads the member from <paramref name="source"/>; a static lambda, so that it allocates nothing.</param>
    /// <param name="method">The instrumented method, for the warning.</param>
    /// <param name="member">The attribute and member, for the warning, for example <c>ResourceName("EventId")</c>.</param>
    /// <returns>The value, or <see langword="default"/> when reading threw.</returns>
    public static TValue? ReadMember<TSource, TValue>(TSource source, Func<TSource, TValue> read, string method, string member)
        where TSource : allows ref struct
    {
        try
        {
            return read(source);
        }
        catch (Exception exception)
        {
            ProcessTracerWarnings.UnreadableMember(method, member, exception);
            return default;
        }
    }
}
