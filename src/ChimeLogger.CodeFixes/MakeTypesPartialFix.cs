namespace ChimeLogger.CodeFixes;

/// <summary>CHIME002: declares the types around the instrumented method <c>partial</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypesPartialFix)), Shared]
public sealed class MakeTypesPartialFix : CodeFixProvider
{
    /// <summary>The title of the fix, as the IDE shows it.</summary>
    public const string Title = "Make the containing types partial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.TypeNotPartial);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        SyntaxNode node = root.FindNode(context.Span);
        Diagnostic diagnostic = context.Diagnostics.First();
        context.RegisterCodeFix(
            CodeAction.Create(
                Title,
                _ => Task.FromResult(context.Document.WithSyntaxRoot(SyntaxEdits.MakeContainingTypesPartial(root, node))),
                equivalenceKey: nameof(MakeTypesPartialFix)),
            diagnostic);
    }
}
