using System.Diagnostics;

namespace ChimeLogger;

/// <summary>
/// Instruments a <c>partial</c> method as a child span of the current span. Child spans carry
/// <c>helix.log.entity_id</c> (the enclosing entity), never <c>helix.entity.id</c>, so they do not create entities.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
[Conditional("CHIME_LOGGER_KEEP_ATTRIBUTES")]
public sealed class ChildSpanAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The span name (for example <c>"catalog-lookup"</c>).</param>
    public ChildSpanAttribute(string name) => Name = name;

    /// <summary>The span name.</summary>
    public string Name { get; }
}
