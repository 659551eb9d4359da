using System.Collections.Immutable;
using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Inspection;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ChimeLogger.Generators.Analyzers;

/// <summary>
/// Reports misuse of <c>[Operate]</c>, <c>[Create]</c>, <c>[ChildSpan]</c> and their parameter attributes
/// (CHIME001-CHIME013, CHIME015-CHIME019, CHIME021). The rules live in <see cref="MethodInspector"/>, which the
/// generator also runs, so that it skips exactly the methods reported here as errors. The placement problems of a
/// <c>partial</c> method (no implementation can be added) are the generator's to report, not this analyzer's: the
/// compiler's declaration errors for them end a command-line build before analyzers run.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InstrumentationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MethodNotPartial,
        DiagnosticDescriptors.TypeNotPartial,
        DiagnosticDescriptors.ConflictingSpanAttributes,
        DiagnosticDescriptors.CreateWithoutResourceName,
        DiagnosticDescriptors.OperateWithoutResourceName,
        DiagnosticDescriptors.MultipleResourceNames,
        DiagnosticDescriptors.OutParameter,
        DiagnosticDescriptors.InvalidParents,
        DiagnosticDescriptors.ParentsOnOperate,
        DiagnosticDescriptors.EmptySpanName,
        DiagnosticDescriptors.MissingResourceType,
        DiagnosticDescriptors.MissingCore,
        DiagnosticDescriptors.UnsupportedReturnType,
        DiagnosticDescriptors.UnknownResourceNameMember,
        DiagnosticDescriptors.UnrecordableSpanAttribute,
        DiagnosticDescriptors.MultipleParents,
        DiagnosticDescriptors.EntityAttributeOnChildSpan,
        DiagnosticDescriptors.InvalidSpanAttributeKey,
        DiagnosticDescriptors.FileLocalType);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        // Stryker disable once Statement : concurrent execution changes how fast the callbacks run, not what they report.
        context.EnableConcurrentExecution();
        // Not GeneratedCodeAnalysisFlags.None: the generated implementing part carries [GeneratedCode], and the
        // attributes of both parts of a partial method are merged, so the compiler would count the user's own
        // declaration as generated code and drop every diagnostic on it. Only method declarations with
        // attributes are looked at, and the generated implementing parts are skipped below.
        // Stryker disable once Statement : Analyze | ReportDiagnostics is GeneratedCodeAnalysisFlags.Default, what Roslyn applies when nothing is configured; the call states it.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);

        // A syntax action on declarations: each partial method is analyzed once, from the declaration that carries its
        // attributes.
        context.OnChimeLoggerCompilations(
            KnownSymbols.Resolve,
            static (start, known) => start.RegisterSyntaxNodeAction(node => AnalyzeMethod(node, known), SyntaxKind.MethodDeclaration));
    }

    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context, KnownSymbols known)
    {
        MethodDeclarationSyntax declaration = (MethodDeclarationSyntax)context.Node;
        if (declaration.AttributeLists.Count == 0
            || context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } method)
        {
            return;
        }

        // The declared symbol of a partial method may be its implementing part: the rules are checked on the definition.
        if (SymbolFacts.MethodToInspect(method, declaration, context.CancellationToken) is not { } inspected)
        {
            return;
        }

        // Where a partial method is placed so that no implementation can be added, the generator reports that itself
        // (MethodInspection.PlacementProblems): the compiler's declaration errors stop a command-line build before this runs.
        MethodInspector.Inspect(inspected, known, context.ReportDiagnostic, context.CancellationToken);
    }
}
