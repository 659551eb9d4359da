using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using ChimeLogger.Generators;
using ChimeLogger.Generators.Analyzers;
using ChimeLogger.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ChimeLogger.Generators.Tests.Infrastructure;

/// <summary>Compiles test sources offline (reference assemblies of .NET 10 plus the ChimeLogger runtime) and runs the generator or the analyzers on them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> s_references =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(ChimeLogger.HelixToken).Assembly.Location),
    ];

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "UserCode",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
        s_references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Compiles files at the given paths (a path such as <c>X.g.cs</c> marks generated code), with or without the ChimeLogger runtime.</summary>
    public static CSharpCompilation CompileFiles(IEnumerable<(string Path, string Source)> files, bool referenceChimeLogger = true) => CSharpCompilation.Create(
        "UserCode",
        files.Select(static file => CSharpSyntaxTree.ParseText(file.Source, ParseOptions, path: file.Path)),
        referenceChimeLogger ? s_references : [.. Net100.References.All],
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The diagnostics of every ChimeLogger analyzer on <paramref name="compilation"/> as it is (the generator is not run).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeCompilationAsync(Compilation compilation)
    {
        ImmutableArray<DiagnosticAnalyzer> analyzers = [new InstrumentationAnalyzer(), new EventNameAnalyzer(), new UnsupportedTargetAnalyzer()];
        return await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
    }

    public static GeneratorDriver CreateDriver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
        [new InstrumentationGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns the run result and the compilation with the generated sources added.</summary>
    public static GeneratorRun Run(params string[] sources)
    {
        CSharpCompilation compilation = Compile(sources);
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratorRun(driver.GetRunResult(), output, generatorDiagnostics);
    }

    /// <summary>The diagnostics of every ChimeLogger analyzer on the compilation that includes the generated sources.</summary>
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params string[] sources) => AnalyzeCompilationAsync(Run(sources).Output);
}

internal sealed record GeneratorRun(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IEnumerable<GeneratedSourceResult> Sources => Result.Results.SelectMany(static r => r.GeneratedSources);

    /// <summary>Errors and warnings of the compilation including generated code, plus the generator's own.</summary>
    public IEnumerable<Diagnostic> Problems => Output.GetDiagnostics()
        .Concat(GeneratorDiagnostics)
        .Where(static d => d.Severity >= DiagnosticSeverity.Warning);
}
