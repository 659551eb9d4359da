using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Parsing;

/// <summary>
/// The type an instrumented method is declared in, with the types around it, as the generated file reopens them
/// (<see cref="ContainingTypeModel"/>): namespace, keywords and modifiers, type parameters with their variance, and the
/// names that group methods into one file per type.
/// </summary>
internal static class ContainingTypeParser
{
    private static readonly SymbolDisplayFormat s_namespaceFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    public static ContainingTypeModel Parse(INamedTypeSymbol type)
    {
        List<INamedTypeSymbol> chain = new();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            chain.Insert(0, current);
        }

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(s_namespaceFormat)
            : null;
        List<TypeDeclarationModel> declarations = new(chain.Count);
        List<string> fullName = new(chain.Count);
        List<string> hintName = new(chain.Count + 1);
        if (ns is not null)
        {
            hintName.Add(ns.Replace("@", string.Empty));
        }

        foreach (INamedTypeSymbol declaration in chain)
        {
            string typeParameters = declaration.TypeParameters.Length == 0
                ? string.Empty
                : "<" + string.Join(", ", declaration.TypeParameters.Select(static t => Variance(t) + CSharpNames.Escape(t.Name))) + ">";
            declarations.Add(new TypeDeclarationModel(Keywords(declaration), CSharpNames.Escape(declaration.Name) + typeParameters));
            fullName.Add(declaration.MetadataName);
            hintName.Add(declaration.Name + string.Concat(declaration.TypeParameters.Select(static t => "_" + t.Name)));
        }

        return new ContainingTypeModel(
            ns,
            declarations.ToEquatableArray(),
            (ns is null ? string.Empty : ns + ".") + string.Join("+", fullName),
            string.Join(".", hintName));
    }

    private static string Keywords(INamedTypeSymbol type)
    {
        string keyword = type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };
        string modifiers = string.Empty;
        if (type.IsStatic)
        {
            modifiers += "static ";
        }

        if (type.TypeKind == TypeKind.Struct && type.IsReadOnly)
        {
            modifiers += "readonly ";
        }

        if (type.IsRefLikeType)
        {
            modifiers += "ref ";
        }

        return modifiers + "partial " + keyword;
    }

    /// <summary>Every part of a variant interface repeats its type parameters' variance (CS1067 otherwise).</summary>
    private static string Variance(ITypeParameterSymbol typeParameter) => typeParameter.Variance switch
    {
        VarianceKind.Out => "out ",
        VarianceKind.In => "in ",
        _ => string.Empty,
    };
}
