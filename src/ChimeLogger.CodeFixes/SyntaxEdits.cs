namespace ChimeLogger.CodeFixes;

/// <summary>Syntax edits shared by the fixes: adding <c>partial</c> where C# wants it.</summary>
internal static class SyntaxEdits
{
    /// <summary>
    /// Adds <c>partial</c> to the modifiers, where C# requires it: last, just before the return type or the type keyword
    /// (after <c>ref</c> of a <c>ref struct</c> too, which must come right before <c>partial</c>).
    /// </summary>
    public static SyntaxTokenList WithPartial(SyntaxTokenList modifiers)
    {
        if (modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return modifiers;
        }

        SyntaxToken partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        return modifiers.Add(partial);
    }

    /// <summary>Makes the type and every type around it partial.</summary>
    public static SyntaxNode MakeContainingTypesPartial(SyntaxNode root, SyntaxNode inside)
    {
        TypeDeclarationSyntax[] types = inside.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
            .Where(static t => !t.Modifiers.Any(SyntaxKind.PartialKeyword))
            .ToArray();
        return root.ReplaceNodes(types, static (original, rewritten) => MakePartial(rewritten));
    }

    public static TypeDeclarationSyntax MakePartial(TypeDeclarationSyntax type)
    {
        if (type.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return type;
        }

        if (type.Modifiers.Count == 0)
        {
            // "partial class X": the type keyword's leading trivia (indentation, comments) moves to partial.
            SyntaxToken keyword = type.Keyword;
            SyntaxToken partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return type.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
        }

        return type.WithModifiers(WithPartial(type.Modifiers));
    }
}
