using System.Collections.Immutable;
using ChimeLogger.Generators.Caching;
using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Emission;
using ChimeLogger.Generators.Inspection;
using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators;

/// <summary>
/// Writes the implementing declaration of every <c>partial</c> method marked <c>[Operate]</c>, <c>[Create]</c>
/// or <c>[ChildSpan]</c>: it opens the HelixObs span, calls <c>{Name}Core</c> and ends the span when the work
/// is done. Methods the analyzers report an error on are not instrumented: they get a body that only calls Core (a
/// suppressed error means "run without telemetry"), and without a Core that call does not compile, beside CHIME012.
/// Where no implementation can be added at all (a containing type that is not <c>partial</c> or is file-local, an
/// <c>async</c> declaration, a body without a declaration), the generator reports why itself: the compiler's own errors
/// for that end a command-line build before any analyzer runs.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class InstrumentationGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<MethodOutput> operate = Methods(context, KnownSymbols.OperateAttributeName, TrackingNames.OperateMethods);
        IncrementalValuesProvider<MethodOutput> create = Methods(context, KnownSymbols.CreateAttributeName, TrackingNames.CreateMethods);
        IncrementalValuesProvider<MethodOutput> childSpan = Methods(context, KnownSymbols.ChildSpanAttributeName, TrackingNames.ChildSpanMethods);

        IncrementalValueProvider<EquatableArray<MethodOutput>> all = operate.Collect()
            .Combine(create.Collect())
            .Combine(childSpan.Collect())
            .Select(static (methods, _) => methods.Left.Left.Concat(methods.Left.Right).Concat(methods.Right).ToEquatableArray())
            .WithTrackingName(TrackingNames.AllMethods);

        IncrementalValuesProvider<InstrumentedType> types = all
            .SelectMany(static (methods, _) => GroupByType(methods))
            .WithTrackingName(TrackingNames.InstrumentedTypes);

        // A method with two span attributes (CHIME003) is read once from each attribute's pipeline: report once.
        IncrementalValueProvider<EquatableArray<ReportedDiagnostic>> diagnostics = all
            .Select(static (methods, _) => methods.SelectMany(static m => m.Diagnostics).Distinct().ToEquatableArray())
            .WithTrackingName(TrackingNames.ReportedDiagnostics);

        context.RegisterSourceOutput(types, static (output, type) => output.AddSource(type.HintName, InstrumentationEmitter.Emit(type)));
        context.RegisterSourceOutput(diagnostics, static (output, reported) =>
        {
            foreach (ReportedDiagnostic diagnostic in reported)
            {
                output.ReportDiagnostic(ToDiagnostic(diagnostic));
            }
        });
    }

    // One remembered transform per attribute: the same method may be read from two attributes (CHIME003).
    private static IncrementalValuesProvider<MethodOutput> Methods(IncrementalGeneratorInitializationContext context, string attributeName, string trackingName)
    {
        ParsedMethods parsed = new();
        return context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: (attributed, cancellationToken) => parsed.Parse(attributed, cancellationToken))
            .Where(static method => method is not null)
            .Select(static (method, _) => method!)
            .WithTrackingName(trackingName);
    }

    /// <summary>
    /// A diagnostic the generator reports itself, made from its value model. Its location names the file and the span rather
    /// than a syntax tree (the model holds none): the command line prints it as any other, and the IDE places it in the
    /// document with that path.
    /// </summary>
    private static Diagnostic ToDiagnostic(ReportedDiagnostic reported) => Diagnostic.Create(
        DiagnosticDescriptors.ReportedByGenerator.First(d => d.Id == reported.Id),
        Location.Create(reported.FilePath, reported.Span, reported.LineSpan),
        reported.Arguments.Cast<object?>().ToArray());

    /// <summary>One file per type, in a stable order, with hint names made unique.</summary>
    private static ImmutableArray<InstrumentedType> GroupByType(EquatableArray<MethodOutput> outputs)
    {
        IEnumerable<InstrumentedMethod> methods = outputs.Select(static o => o.Implementation).OfType<InstrumentedMethod>();
        HashSet<string> hintNames = new(StringComparer.OrdinalIgnoreCase);
        ImmutableArray<InstrumentedType>.Builder types = ImmutableArray.CreateBuilder<InstrumentedType>();
        foreach (IGrouping<string, InstrumentedMethod> group in methods
            .GroupBy(static m => m.ContainingType.FullName, StringComparer.Ordinal)
            .OrderBy(static g => g.Key, StringComparer.Ordinal))
        {
            ContainingTypeModel type = group.First().ContainingType;
            string hintName = type.HintName + GeneratedFiles.HintNameSuffix;
            for (int i = 2; !hintNames.Add(hintName); i++)
            {
                hintName = type.HintName + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + GeneratedFiles.HintNameSuffix;
            }

            // A method with two span attributes (CHIME003) comes once from each attribute's pipeline.
            InstrumentedMethod[] ordered = group
                .Distinct()
                .OrderBy(static m => m.Signature.Name, StringComparer.Ordinal)
                .ThenBy(static m => string.Join(",", m.Signature.Parameters.Select(static p => p.DeclarationModifiers + p.Type)), StringComparer.Ordinal)
                .ToArray();
            types.Add(new InstrumentedType(type, hintName, new EquatableArray<InstrumentedMethod>(ordered)));
        }

        return types.ToImmutable();
    }
}
