namespace ChimeLogger.CodeFixes;

/// <summary>CHIME021: declares the file-local type <c>internal</c>, so that generated code can be added to it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FileTypeToInternalFix)), Shared]
public sealed class FileTypeToInternalFix : CodeFixProvider
{
    /// <summary>The title of the fix, as the IDE shows it.</summary>
    public const string Title = "Declare the type 'internal' instead of 'file'";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.FileLocalType);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        TypeDeclarationSyntax? type = root?.FindNode(context.Span).AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
            .FirstOrDefault(static t => t.Modifiers.Any(SyntaxKind.FileKeyword));
        if (root is null || type is null)
        {
            return;
        }

        SyntaxToken file = type.Modifiers.First(static m => m.IsKind(SyntaxKind.FileKeyword));
        SyntaxToken @internal = SyntaxFactory.Token(file.LeadingTrivia, SyntaxKind.InternalKeyword, file.TrailingTrivia);
        context.RegisterCodeFix(
            CodeAction.Create(
                Title,
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceToken(file, @internal))),
                equivalenceKey: nameof(FileTypeToInternalFix)),
            context.Diagnostics.First());
    }
}
