using System.Collections.Immutable;
using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Inspection;
using ChimeLogger.Generators.Model;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ChimeLogger.Generators.Analyzers;

/// <summary>
/// CHIME020: <c>[Operate]</c>, <c>[Create]</c> or <c>[ChildSpan]</c> where the language accepts a method attribute but
/// nothing can be generated: a local function, a lambda, a property or event accessor, an operator, a finalizer.
/// <c>AttributeTargets.Method</c> covers all of them and C# has no narrower target, so the analyzer says it instead.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsupportedTargetAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnsupportedTarget);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        // Stryker disable once Statement : concurrent execution changes how fast the callbacks run, not what they report.
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.OnChimeLoggerCompilations(KnownSymbols.Resolve, static (start, known) => start.RegisterSyntaxNodeAction(
            node => Analyze(node, known),
            SyntaxKind.LocalFunctionStatement,
            SyntaxKind.ParenthesizedLambdaExpression,
            SyntaxKind.SimpleLambdaExpression,
            SyntaxKind.GetAccessorDeclaration,
            SyntaxKind.SetAccessorDeclaration,
            SyntaxKind.InitAccessorDeclaration,
            SyntaxKind.AddAccessorDeclaration,
            SyntaxKind.RemoveAccessorDeclaration,
            SyntaxKind.OperatorDeclaration,
            SyntaxKind.ConversionOperatorDeclaration,
            SyntaxKind.DestructorDeclaration));
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, KnownSymbols known)
    {
        SyntaxList<AttributeListSyntax> lists = context.Node switch
        {
            LocalFunctionStatementSyntax local => local.AttributeLists,
            LambdaExpressionSyntax lambda => lambda.AttributeLists,
            AccessorDeclarationSyntax accessor => accessor.AttributeLists,
            BaseMethodDeclarationSyntax member => member.AttributeLists,
            _ => default,
        };
        if (lists.Count == 0)
        {
            return;
        }

        foreach (AttributeListSyntax list in lists)
        {
            // [return: ...] applies to the return value, not the method.
            if (list.Target is { } target && !target.Identifier.IsKind(SyntaxKind.MethodKeyword))
            {
                continue;
            }

            foreach (AttributeSyntax attribute in list.Attributes)
            {
                INamedTypeSymbol? type = context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol?.ContainingType;
                SpanKind? kind = known.SpanKindOf(type);
                if (kind is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedTarget, attribute.GetLocation(), KnownSymbols.AttributeName(kind.Value), Describe(context.Node)));
                }
            }
        }
    }

    private static string Describe(SyntaxNode node) => node switch
    {
        LocalFunctionStatementSyntax local => $"the local function '{local.Identifier.ValueText}'",
        LambdaExpressionSyntax => "a lambda",
        AccessorDeclarationSyntax accessor => $"the '{accessor.Keyword.ValueText}' accessor",
        OperatorDeclarationSyntax op => $"the operator '{op.OperatorToken.ValueText}'",
        ConversionOperatorDeclarationSyntax conversion => $"the conversion operator to '{conversion.Type}'",
        DestructorDeclarationSyntax => "a finalizer",
        // Stryker disable once String : unreachable; every node kind registered in Initialize has its own arm above.
        _ => "this member",
    };
}
