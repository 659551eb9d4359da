using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Inspection;

/// <summary>Questions about symbols that the instrumentation rules ask, and where to report on them.</summary>
internal static class SymbolFacts
{
    /// <summary>
    /// Whether the generator can add an implementing part for the method: it is a partial definition with none yet,
    /// and every containing type is partial and not file-local (the parts of a file-local type must share one file).
    /// </summary>
    public static bool CanHoldImplementation(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (!method.IsPartialDefinition || method.PartialImplementationPart is not null)
        {
            return false;
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal || !IsPartial(type, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The generated file names end with this; a partial implementation in such a file is ours.</summary>
    public static bool IsGeneratedImplementation(IMethodSymbol implementation) =>
        implementation.Locations.Length > 0
        && implementation.Locations.All(static l => l.SourceTree?.FilePath.EndsWith(GeneratedFiles.HintNameSuffix, StringComparison.Ordinal) == true);

    public static bool IsPartialDefinitionToGenerate(IMethodSymbol method) =>
        method.IsPartialDefinition
        && (method.PartialImplementationPart is null || IsGeneratedImplementation(method.PartialImplementationPart));

    /// <summary>
    /// The method whose rules are checked for an attributed declaration: the defining part of a partial method (the attributes
    /// of both parts are merged onto it); <see langword="null"/> when the declaration is an implementing part read from its
    /// definition instead (the generated one, or one whose definition carries attributes of its own), so that each method
    /// is checked once. The analyzer and the generator both ask this.
    /// </summary>
    public static IMethodSymbol? MethodToInspect(IMethodSymbol declared, MethodDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        if (declared.PartialDefinitionPart is not { } definition)
        {
            return declared;
        }

        bool isDefinition = declaration.Body is null && declaration.ExpressionBody is null;
        // Stryker disable once Linq : a partial method has exactly one defining declaration, so Any and All agree.
        if (!isDefinition && (IsGeneratedImplementation(declared) || definition.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is MethodDeclarationSyntax { AttributeLists.Count: > 0 })))
        {
            return null;
        }

        return definition;
    }

    /// <summary>Whether a declaration of the method says <c>partial</c>.</summary>
    public static bool IsDeclaredPartial(IMethodSymbol method, CancellationToken cancellationToken) =>
        HasModifier(method, SyntaxKind.PartialKeyword, cancellationToken);

    /// <summary>Whether a declaration of the method says <c>async</c>.</summary>
    public static bool IsDeclaredAsync(IMethodSymbol method, CancellationToken cancellationToken) =>
        HasModifier(method, SyntaxKind.AsyncKeyword, cancellationToken);

    private static bool HasModifier(IMethodSymbol method, SyntaxKind modifier, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration && declaration.Modifiers.Any(modifier))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsParentsType(ITypeSymbol type, KnownSymbols known)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return true;
        }

        if (type.TypeKind is TypeKind.Dynamic or TypeKind.Error)
        {
            return false;
        }

        // An implicit conversion to IEnumerable<string>: a sequence type, a value type implementing it (boxed), or a
        // type parameter constrained to one.
        return known.Compilation.ClassifyCommonConversion(type, known.IEnumerableOfString) is { Exists: true, IsImplicit: true };
    }

    public static bool IsAsyncSequence(ITypeSymbol type, KnownSymbols known)
    {
        foreach (ITypeSymbol candidate in type.AllInterfaces.Cast<ITypeSymbol>().Prepend(type))
        {
            if (KnownSymbols.Is(candidate.OriginalDefinition, known.IAsyncEnumerableOfT) || KnownSymbols.Is(candidate.OriginalDefinition, known.IAsyncEnumeratorOfT))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsAwaitable(ITypeSymbol type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers("GetAwaiter").OfType<IMethodSymbol>().Any(static m => !m.IsStatic && m.Parameters.Length == 0))
            {
                return true;
            }
        }

        return false;
    }

    public static string? MemberArgument(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;

    public static Location MethodLocation(IMethodSymbol method) => method.Locations.FirstOrDefault() ?? Location.None;

    public static Location ParameterLocation(IParameterSymbol parameter) => parameter.Locations.FirstOrDefault() ?? Location.None;

    public static Location? ArgumentLocation(AttributeSyntax? syntax, int index) =>
        syntax?.ArgumentList is { } list && list.Arguments.Count > index && list.Arguments[index].NameEquals is null
            ? list.Arguments[index].Expression.GetLocation()
            : null;
}
