using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ChimeLogger.Generators.Caching;
using ChimeLogger.Generators.Emission;
using ChimeLogger.Generators.Model;
using ChimeLogger.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ChimeLogger.Generators;

/// <summary>
/// Writes the implementing declaration of every <c>partial</c> method marked <c>[Operate]</c>, <c>[Create]</c>
/// or <c>[ChildSpan]</c>: it opens the HelixObs span, calls <c>{Name}Core</c> and ends the span when the work
/// is done. Methods the analyzers report an error on are not instrumented: with a Core to call, they get a body that
/// only calls it (a suppressed error means "run without telemetry"); without one, nothing is generated and the
/// compiler's CS8795 stops the build beside the ChimeLogger error.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class InstrumentationGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<InstrumentedMethod> operate = Methods(context, KnownSymbols.OperateAttributeName, TrackingNames.OperateMethods);
        IncrementalValuesProvider<InstrumentedMethod> create = Methods(context, KnownSymbols.CreateAttributeName, TrackingNames.CreateMethods);
        IncrementalValuesProvider<InstrumentedMethod> childSpan = Methods(context, KnownSymbols.ChildSpanAttributeName, TrackingNames.ChildSpanMethods);

        IncrementalValueProvider<EquatableArray<InstrumentedMethod>> all = operate.Collect()
            .Combine(create.Collect())
            .Combine(childSpan.Collect())
            .Select(static (methods, _) => methods.Left.Left.Concat(methods.Left.Right).Concat(methods.Right).ToEquatableArray())
            .WithTrackingName(TrackingNames.AllMethods);

        IncrementalValuesProvider<InstrumentedType> types = all
            .SelectMany(static (methods, _) => GroupByType(methods))
            .WithTrackingName(TrackingNames.InstrumentedTypes);

        context.RegisterSourceOutput(types, static (output, type) => output.AddSource(type.HintName, InstrumentationEmitter.Emit(type)));
    }

    // One remembered transform per attribute: the same method may be read from two attributes (CHIME003).
    private static IncrementalValuesProvider<InstrumentedMethod> Methods(IncrementalGeneratorInitializationContext context, string attributeName, string trackingName)
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

    /// <summary>One file per type, in a stable order, with hint names made unique.</summary>
    private static ImmutableArray<InstrumentedType> GroupByType(EquatableArray<InstrumentedMethod> methods)
    {
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
