using System.Diagnostics;

namespace ChimeLogger;

/// <summary>The kinds of span ChimeLogger opens.</summary>
public enum HelixSpanKind
{
    /// <summary>No span (a token that records nothing).</summary>
    None = 0,
    /// <summary>The creation of an entity (<see cref="ChimeTracer.Create(string, string?, string?, IEnumerable{string}?)"/>, <see cref="CreateAttribute"/>).</summary>
    Create,
    /// <summary>An operation on an entity, a new root trace (<see cref="ChimeTracer.Operate"/>, <see cref="OperateAttribute"/>).</summary>
    Operate,
    /// <summary>A child span inside an entity span (<see cref="ChimeTracer.ChildSpan"/>, <see cref="ChildSpanAttribute"/>).</summary>
    Child,
}
