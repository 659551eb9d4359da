using System;

namespace ChimeLogger.CodeFixes;

/// <summary>What every fix does with its context: find the syntax the diagnostic is on, and offer an edit of the document.</summary>
internal static class CodeFixContextExtensions
{
    /// <summary>
    /// The document's root and the node the fix applies to: the innermost node at the diagnostic's span, or the nearest of
    /// its ancestors that is a <typeparamref name="TNode"/> (and matches <paramref name="predicate"/>); <see langword="null"/>
    /// when there is none, and the fix offers nothing.
    /// </summary>
    public static async Task<(SyntaxNode Root, TNode Node)?> FindAsync<TNode>(this CodeFixContext context, Func<TNode, bool>? predicate = null)
        where TNode : SyntaxNode
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        TNode? node = root?.FindNode(context.Span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<TNode>()
            .FirstOrDefault(candidate => predicate is null || predicate(candidate));
        return root is null || node is null ? null : (root, node);
    }

    /// <summary>
    /// Offers the fix <paramref name="title"/> for <paramref name="diagnostic"/> (the first of the context's when none is
    /// given): it replaces the document's root with what <paramref name="edit"/> makes, computed only when the fix is applied.
    /// </summary>
    public static void RegisterEdit(this CodeFixContext context, string title, string equivalenceKey, Func<SyntaxNode> edit, Diagnostic? diagnostic = null) =>
        context.RegisterCodeFix(
            CodeAction.Create(
                title,
                cancellationToken =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return Task.FromResult(context.Document.WithSyntaxRoot(edit()));
                },
                equivalenceKey),
            diagnostic ?? context.Diagnostics.First());
}
