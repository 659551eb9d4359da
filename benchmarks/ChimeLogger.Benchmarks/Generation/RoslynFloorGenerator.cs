using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ChimeLogger.Benchmarks.Generation;

/// <summary>
/// The least an attribute-driven incremental generator can do: the same three
/// <c>ForAttributeWithMetadataName</c> pipelines as ChimeLogger's generator, a transform that keeps only the
/// method name, and no output. Its re-run time is what Roslyn itself spends after an edit (it binds every
/// attributed method again in the new compilation), which no generator built on that API can go below.
/// </summary>
internal sealed class RoslynFloorGenerator : IIncrementalGenerator
{
    private static readonly string[] s_attributes =
    [
        "ChimeLogger.OperateAttribute",
        "ChimeLogger.CreateAttribute",
        "ChimeLogger.ChildSpanAttribute",
    ];

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        foreach (string attribute in s_attributes)
        {
            IncrementalValueProvider<int> count = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attribute,
                    predicate: static (node, _) => node is MethodDeclarationSyntax,
                    transform: static (attributed, _) => attributed.TargetSymbol.Name)
                .Collect()
                .Select(static (names, _) => names.Length);
            context.RegisterSourceOutput(count, static (_, _) => { });
        }
    }
}
