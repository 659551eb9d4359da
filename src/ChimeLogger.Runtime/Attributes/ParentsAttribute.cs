using System.Diagnostics;

namespace ChimeLogger;

/// <summary>
/// Marks the parameter that holds the resource names of the parents of a <see cref="CreateAttribute"/> method: a
/// <see cref="string"/>, a sequence of strings, or (with <see cref="Member"/>) a property or field of the
/// parameter that is one. They become <c>helix.parent.ids</c> and, for parents created earlier in this
/// process, span links.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
[Conditional("CHIME_LOGGER_KEEP_ATTRIBUTES")]
public sealed class ParentsAttribute : Attribute
{
    /// <summary>The parameter itself holds the parent ids.</summary>
    public ParentsAttribute() { }

    /// <summary>The named property or field of the parameter holds the parent ids.</summary>
    /// <param name="member">A readable property or field that is a string or a sequence of strings.</param>
    public ParentsAttribute(string member) => Member = member;

    /// <summary>The property or field of the parameter that holds the ids, or <see langword="null"/> for the parameter itself.</summary>
    public string? Member { get; }
}
