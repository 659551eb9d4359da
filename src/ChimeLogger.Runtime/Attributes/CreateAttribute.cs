using System.Diagnostics;

namespace ChimeLogger;

/// <summary>
/// Instruments a <c>partial</c> method as the <b>creation</b> of a HelixObs entity: every call opens a span
/// named after the stage, carrying the resource name of the <see cref="ResourceNameAttribute"/> parameter and
/// the provenance of the <see cref="ParentsAttribute"/> parameter.
/// </summary>
/// <remarks>
/// The ChimeLogger source generator writes the implementing declaration; put the body in a method named
/// <c>{Name}Core</c> with the same parameters and, optionally, a last <see cref="HelixToken"/> parameter.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
[Conditional("CHIME_LOGGER_KEEP_ATTRIBUTES")]
public sealed class CreateAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="stage">The pipeline stage that creates the entity, used as the span name (for example <c>"l1-search"</c>).</param>
    public CreateAttribute(string stage) => Stage = stage;

    /// <summary>The pipeline stage name, used as the span name.</summary>
    public string Stage { get; }

    /// <summary>The HelixObs resource type of the created entity (for example <c>"n2_acquisition"</c>).</summary>
    public string? ResourceType { get; set; }
}
