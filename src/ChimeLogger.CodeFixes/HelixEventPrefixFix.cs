using System;

namespace ChimeLogger.CodeFixes;

/// <summary>
/// CHIME014: names a user event <c>helix.event.&lt;name&gt;</c>, the only names the herald keeps
/// (docs/helix-contract.md §2). <c>"classified"</c> becomes <c>"helix.event.classified"</c>, and
/// <c>"event.classified"</c> becomes <c>"helix.event.classified"</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HelixEventPrefixFix)), Shared]
public sealed class HelixEventPrefixFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.EventNameWithoutHelixPrefix);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
            || !literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return; // A constant declared elsewhere: its declaration is the place to fix.
        }

        string name = literal.Token.ValueText;
        string fixedName = Prefixed(name);
        LiteralExpressionSyntax replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(fixedName))
            .WithTriviaFrom(literal);
        context.RegisterCodeFix(
            CodeAction.Create(
                $"Name the event '{fixedName}'",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, replacement))),
                equivalenceKey: nameof(HelixEventPrefixFix)),
            context.Diagnostics.First());
    }

    /// <summary>The herald-visible name for <paramref name="name"/>.</summary>
    public static string Prefixed(string name) =>
        name.StartsWith("event.", StringComparison.Ordinal) ? "helix." + name : "helix.event." + name.TrimStart('.');
}
