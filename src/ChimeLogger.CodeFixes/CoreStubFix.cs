using Microsoft.CodeAnalysis.Simplification;

namespace ChimeLogger.CodeFixes;

/// <summary>
/// CHIME012: adds the <c>{Name}Core</c> method the generated code calls, with the matching signature and a last
/// <c>HelixToken</c> parameter, right after the instrumented method. A body that returns nothing is empty; any
/// other body throws until it is written, so that a forgotten stub fails loudly rather than returning a default.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CoreStubFix)), Shared]
public sealed class CoreStubFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingCore);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.FindAsync<MethodDeclarationSyntax>().ConfigureAwait(false) is not ({ } root, { Parent: TypeDeclarationSyntax } method))
        {
            return;
        }

        context.RegisterEdit(
            $"Add '{method.Identifier.ValueText}Core' with a HelixToken parameter",
            nameof(CoreStubFix),
            () => root.InsertNodesAfter(method, new[] { CoreDeclaration.For(method, withToken: true).WithBody(StubBody(method)) }));
    }

    private static BlockSyntax StubBody(MethodDeclarationSyntax method)
    {
        bool returnsNothing = method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };
        bool hasOut = method.ParameterList.Parameters.Any(static p => p.Modifiers.Any(SyntaxKind.OutKeyword));
        if (returnsNothing && !hasOut)
        {
            return SyntaxFactory.Block();
        }

        string message = $"{method.Identifier.ValueText}Core has no body yet: write the work of {method.Identifier.ValueText} here.";
        ThrowStatementSyntax statement = SyntaxFactory.ThrowStatement(
            SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName("global::System.InvalidOperationException").WithAdditionalAnnotations(Simplifier.Annotation))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(message)))))));
        return SyntaxFactory.Block(statement);
    }
}
