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
        if (await context.FindAsync<TypeDeclarationSyntax>(static t => t.Modifiers.Any(SyntaxKind.FileKeyword)).ConfigureAwait(false) is not ({ } root, { } type))
        {
            return;
        }

        SyntaxToken file = type.Modifiers.First(static m => m.IsKind(SyntaxKind.FileKeyword));
        SyntaxToken @internal = SyntaxFactory.Token(file.LeadingTrivia, SyntaxKind.InternalKeyword, file.TrailingTrivia);
        context.RegisterEdit(Title, nameof(FileTypeToInternalFix), () => root.ReplaceToken(file, @internal));
    }
}
