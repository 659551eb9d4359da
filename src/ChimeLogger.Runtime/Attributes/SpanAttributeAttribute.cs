using System.Diagnostics;

namespace ChimeLogger;

/// <summary>
/// Records the parameter's value as a span attribute (stored by the herald in the entity's or operation's
/// metadata). Values are formatted as strings with the invariant culture.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
[Conditional("CHIME_LOGGER_KEEP_ATTRIBUTES")]
public sealed class SpanAttributeAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="key">The attribute key (for example <c>"helix.chime.snr"</c>); defaults to the parameter name when omitted.</param>
    public SpanAttributeAttribute(string? key = null) => Key = key;

    /// <summary>The attribute key, or <see langword="null"/> to use the parameter name.</summary>
    public string? Key { get; }
}
