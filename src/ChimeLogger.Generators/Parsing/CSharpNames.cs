namespace ChimeLogger.Generators.Parsing;

/// <summary>How the parsers write names and types into the model: as C# that the generated code can repeat anywhere.</summary>
internal static class CSharpNames
{
    /// <summary>Fully qualified names (<c>global::</c>) with nullable annotations, as the partial declaration must be repeated.</summary>
    private static readonly SymbolDisplayFormat s_qualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The type, fully qualified (<c>global::</c>), with its nullable annotations.</summary>
    public static string Qualified(ITypeSymbol type) => type.ToDisplayString(s_qualifiedFormat);

    /// <summary>The name, with <c>@</c> when it is a keyword.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
