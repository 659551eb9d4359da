using System.Diagnostics;

namespace ChimeLogger;

/// <summary>
/// Instruments a <c>partial</c> method as a HelixObs <b>operation</b> on an existing entity: every call
/// opens a new root trace whose span carries <c>helix.entity.is_operation = "true"</c> and, as <c>helix.entity.id</c>, the resource name
/// taken from the <see cref="ResourceNameAttribute"/> parameter.
/// </summary>
/// <remarks>
/// The ChimeLogger source generator writes the implementing declaration; put the body in a method named
/// <c>{Name}Core</c> with the same parameters and, optionally, a last <see cref="HelixToken"/> parameter.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
[Conditional("CHIME_LOGGER_KEEP_ATTRIBUTES")]
public sealed class OperateAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="operation">The operation name, used as the span name (for example <c>"register"</c>).</param>
    public OperateAttribute(string operation) => Operation = operation;

    /// <summary>The operation name, used as the span name.</summary>
    public string Operation { get; }

    /// <summary>The HelixObs resource type of the entity operated on (for example <c>"event"</c>).</summary>
    public string? ResourceType { get; set; }
}
