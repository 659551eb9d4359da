using System.Collections.Immutable;
using ChimeLogger.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ChimeLogger.Generators.Diagnostics;

/// <summary>
/// Reports misuse of <c>[Operate]</c>, <c>[Create]</c>, <c>[ChildSpan]</c> and their parameter attributes
/// (CHIME001-CHIME013, CHIME015-CHIME017). The rules live in <see cref="MethodInspector"/>, which the
/// generator also runs, so that it skips exactly the methods reported here as errors.
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
        DiagnosticDescriptors.MultipleParents);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            KnownSymbols? known = KnownSymbols.Resolve(start.Compilation);
            if (known is null)
            {
                return; // ChimeLogger is not referenced: nothing to check.
            }

            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, known), SymbolKind.Method);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, KnownSymbols known)
    {
        IMethodSymbol method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null)
        {
            return; // The implementing part of a partial method: its definition is analyzed.
        }

        MethodInspector.Inspect(method, known, context.ReportDiagnostic, context.CancellationToken);
    }
}
