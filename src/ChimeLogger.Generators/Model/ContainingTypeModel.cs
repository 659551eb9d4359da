namespace ChimeLogger.Generators.Model;

/// <summary>The type that declares instrumented methods, with the types around it.</summary>
/// <param name="Namespace">The namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="Declarations">The type declarations from the outermost to the declaring type.</param>
/// <param name="FullName">A unique name for grouping, e.g. <c>Ns.Outer+Inner`1</c>.</param>
/// <param name="HintName">The base of the generated file name, e.g. <c>Ns.Outer.Inner_T1</c>.</param>
internal sealed record ContainingTypeModel(
    string? Namespace,
    EquatableArray<TypeDeclarationModel> Declarations,
    string FullName,
    string HintName);

/// <summary>One <c>partial</c> type declaration to reopen.</summary>
/// <param name="Keywords">Everything before the name, e.g. <c>partial class</c>, <c>readonly partial struct</c>, <c>partial record struct</c>.</param>
/// <param name="Name">The name with its type parameter list, e.g. <c>Inner&lt;T1&gt;</c>.</param>
internal sealed record TypeDeclarationModel(string Keywords, string Name);

/// <summary>The instrumented methods of one type: one generated file.</summary>
/// <param name="Type">The type.</param>
/// <param name="HintName">The generated file's hint name, unique in the compilation.</param>
/// <param name="Methods">The methods, in source order.</param>
internal sealed record InstrumentedType(
    ContainingTypeModel Type,
    string HintName,
    EquatableArray<InstrumentedMethod> Methods);
