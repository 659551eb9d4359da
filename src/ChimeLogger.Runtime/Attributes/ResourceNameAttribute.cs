using System.Diagnostics;

namespace ChimeLogger;

/// <summary>
/// Marks the parameter that holds the resource name (the entity id on the wire, <c>helix.entity.id</c>) of an
/// <see cref="OperateAttribute"/> or <see cref="CreateAttribute"/> method.
/// </summary>
/// <remarks>
/// On a <see cref="string"/> parameter the value itself is the id. On any other parameter, name the
/// readable property or field of that parameter that holds the id: <c>[ResourceName("EventId")] Candidate candidate</c>.
/// Values that are not strings are formatted with the invariant culture.
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
[Conditional("CHIME_LOGGER_KEEP_ATTRIBUTES")]
public sealed class ResourceNameAttribute : Attribute
{
    /// <summary>The parameter itself is the resource name.</summary>
    public ResourceNameAttribute() { }

    /// <summary>The named property or field of the parameter is the resource name.</summary>
    /// <param name="member">A readable property or field of the parameter's type.</param>
    public ResourceNameAttribute(string member) => Member = member;

    /// <summary>The property or field of the parameter that holds the id, or <see langword="null"/> for the parameter itself.</summary>
    public string? Member { get; }
}
