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
        // Only a string literal at the diagnostic: a constant declared elsewhere is fixed at its declaration.
        if (await context.FindAsync<LiteralExpressionSyntax>(static l => l.IsKind(SyntaxKind.StringLiteralExpression)).ConfigureAwait(false) is not ({ } root, { } literal))
        {
            return;
        }

        string fixedName = Prefixed(literal.Token.ValueText);
        LiteralExpressionSyntax replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(fixedName))
            .WithTriviaFrom(literal);
        context.RegisterEdit($"Name the event '{fixedName}'", nameof(HelixEventPrefixFix), () => root.ReplaceNode(literal, replacement));
    }

    /// <summary>The herald-visible name for <paramref name="name"/>.</summary>
    public static string Prefixed(string name) =>
        name.StartsWith("event.", StringComparison.Ordinal) ? "helix." + name : "helix.event." + name.TrimStart('.');
}
