namespace ChimeLogger.Generators.Model;

/// <summary>The partial declaration of an instrumented method, as the implementing part must repeat it.</summary>
/// <param name="Modifiers">The modifiers, as written (they must match).</param>
/// <param name="ReturnType">The fully qualified return type, with <c>ref</c> or <c>ref readonly</c> when it returns by reference.</param>
/// <param name="Name">The method name (escaped when it is a keyword).</param>
/// <param name="TypeParameters">The type parameter names.</param>
/// <param name="ConstraintClauses">The <c>where</c> clauses, fully qualified.</param>
/// <param name="Parameters">The parameters.</param>
/// <param name="UsesPointers">Whether the signature has pointer types, so that the generated type part must be <c>unsafe</c>.</param>
internal sealed record MethodSignature(
    string Modifiers,
    string ReturnType,
    string Name,
    EquatableArray<string> TypeParameters,
    EquatableArray<string> ConstraintClauses,
    EquatableArray<ParameterModel> Parameters,
    bool UsesPointers)
{
    public bool ReturnsVoid => ReturnType == "void";

    public bool ReturnsByRef => ReturnType.StartsWith("ref ", System.StringComparison.Ordinal);
}

/// <summary>One parameter of an instrumented method.</summary>
/// <param name="Name">The name, escaped when it is a keyword.</param>
/// <param name="Type">The fully qualified type.</param>
/// <param name="DeclarationModifiers">Modifiers as written in the declaration (<c>ref</c>, <c>in</c>, <c>out</c>, <c>params</c>, <c>this</c>, <c>scoped</c>, <c>readonly</c>).</param>
/// <param name="RefKind">How it is passed on to Core.</param>
internal sealed record ParameterModel(
    string Name,
    string Type,
    string DeclarationModifiers,
    ParameterRefKind RefKind);

/// <summary>How a parameter is passed on to Core.</summary>
internal enum ParameterRefKind
{
    /// <summary>By value.</summary>
    None,

    /// <summary><c>ref</c>.</summary>
    Ref,

    /// <summary><c>in</c> (also for <c>ref readonly</c> parameters).</summary>
    In,

    /// <summary><c>out</c>: it has its value only once Core returns.</summary>
    Out,
}
