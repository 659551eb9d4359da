using Microsoft.CodeAnalysis.Formatting;

namespace ChimeLogger.CodeFixes;

/// <summary>
/// CHIME001: turns an instrumented method with a body into what the generator expects: the method becomes a
/// <c>partial</c> declaration without a body (its types become <c>partial</c> too), and its body moves, unchanged,
/// into a new <c>private {Name}Core</c> with the same parameters right after it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveBodyToCoreFix)), Shared]
public sealed class MoveBodyToCoreFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MethodNotPartial);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.FindAsync<MethodDeclarationSyntax>().ConfigureAwait(false) is not ({ } root, { Parent: TypeDeclarationSyntax } method)
            || (method.Body is null && method.ExpressionBody is null)
            || CoreDeclaration.Exists(method)
            || (method.Modifiers.Any(SyntaxKind.PartialKeyword) && await HasDeclarationAsync(context.Document, method, context.CancellationToken).ConfigureAwait(false)))
        {
            // A partial method implemented by hand, or a Core already there: which body to keep is the user's call. (A
            // partial body without a declaration has one body only: it moves.)
            return;
        }

        context.RegisterEdit(
            $"Make '{method.Identifier.ValueText}' partial and move its body into '{method.Identifier.ValueText}Core'",
            nameof(MoveBodyToCoreFix),
            () => Move(root, method));
    }

    private static async Task<bool> HasDeclarationAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model?.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol { PartialDefinitionPart: null };
    }

    private static SyntaxNode Move(SyntaxNode root, MethodDeclarationSyntax method)
    {
        MethodDeclarationSyntax core = CoreDeclaration.For(method, withToken: false);
        core = method.Body is { } body
            ? core.WithBody(body.WithoutTrivia())
            : core.WithExpressionBody(method.ExpressionBody).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));

        // One blank line between the declaration and Core, both indented as the method was.
        SyntaxTrivia endOfLine = method.GetTrailingTrivia().FirstOrDefault(static t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
        {
            endOfLine = SyntaxFactory.EndOfLine("\n");
        }

        SyntaxTrivia indentation = method.GetLeadingTrivia().LastOrDefault(static t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        core = core.WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(endOfLine, indentation) : SyntaxFactory.TriviaList(endOfLine))
            .WithTrailingTrivia(method.GetTrailingTrivia());

        // A partial definition has no body and cannot be async; Core keeps the async.
        SyntaxTokenList modifiers = SyntaxFactory.TokenList(method.Modifiers.Where(static m => !m.IsKind(SyntaxKind.AsyncKeyword)));
        MethodDeclarationSyntax declaration = method
            .WithModifiers(SyntaxEdits.WithPartial(modifiers))
            .WithBody(null)
            .WithExpressionBody(null)
            .WithParameterList(method.ParameterList.WithoutTrailingTrivia())
            .WithConstraintClauses(SyntaxFactory.List(method.ConstraintClauses.Select(static c => c.WithoutTrailingTrivia())))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(endOfLine))
            .WithAdditionalAnnotations(Formatter.Annotation);

        // The type is marked first (the method's node is still in this tree), then the method is split in two.
        SyntaxAnnotation marker = new();
        SyntaxNode marked = root.ReplaceNode(method, method.WithAdditionalAnnotations(marker));
        MethodDeclarationSyntax target = marked.GetAnnotatedNodes(marker).OfType<MethodDeclarationSyntax>().Single();
        SyntaxNode withPartialTypes = SyntaxEdits.MakeContainingTypesPartial(marked, target);
        target = withPartialTypes.GetAnnotatedNodes(marker).OfType<MethodDeclarationSyntax>().Single();
        return withPartialTypes.ReplaceNode(target, new SyntaxNode[] { declaration, core });
    }
}
