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
        if (await context.FindAsync<SyntaxNode>().ConfigureAwait(false) is not ({ } root, { } node))
        {
            return;
        }

        context.RegisterEdit(Title, nameof(MakeTypesPartialFix), () => SyntaxEdits.MakeContainingTypesPartial(root, node));
    }
}
