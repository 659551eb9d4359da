using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ChimeLogger.Benchmarks.Generation;
using ChimeLogger.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ChimeLogger.Benchmarks.Cases;

/// <summary>
/// Case 5: the source generator on a compilation with 1,000 instrumented methods. Full run: a new
/// driver on a new compilation. Re-run: the long-lived driver on a new compilation that differs from the one it
/// saw last only inside a method body of an unrelated file, which is what the IDE asks after each keystroke there;
/// and, informational, after a constant changed in that file (a declaration: every method is read again).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class GeneratorBenchmarks
{
    public const string Category = "Generator, 1,000 methods";
    public const string FloorCategory = "Roslyn floor, 1,000 methods";

    private InstrumentedSolution _solution = null!;
    private ISourceGenerator _generator = null!;
    private GeneratorDriver _driver = null!;
    private GeneratorDriver _declarationDriver = null!;
    private ISourceGenerator _floor = null!;
    private GeneratorDriver _floorDriver = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _solution = new InstrumentedSolution();
        _generator = new InstrumentationGenerator().AsSourceGenerator();
        CheckOutput();
        _driver = NewDriver().RunGenerators(_solution.NextEdit());
        _declarationDriver = NewDriver().RunGenerators(_solution.NextDeclarationEdit());
        _floor = new RoslynFloorGenerator().AsSourceGenerator();
        _floorDriver = NewFloorDriver().RunGenerators(_solution.NextEdit());
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Category)]
    public GeneratorDriver FullRun() => NewDriver().RunGenerators(_solution.NextEdit());

    [Benchmark, BenchmarkCategory(Category)]
    public GeneratorDriver RerunAfterUnrelatedEdit() => _driver = _driver.RunGenerators(_solution.NextEdit());

    /// <summary>Informational: the re-run after a constant changed in the unrelated file.</summary>
    [Benchmark, BenchmarkCategory(Category)]
    public GeneratorDriver RerunAfterDeclarationEdit() => _declarationDriver = _declarationDriver.RunGenerators(_solution.NextDeclarationEdit());

    /// <summary>Informational: a generator that only finds the attributed methods (see <see cref="RoslynFloorGenerator"/>).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(FloorCategory)]
    public GeneratorDriver FloorFullRun() => NewFloorDriver().RunGenerators(_solution.NextEdit());

    /// <summary>Informational: what Roslyn alone spends on a re-run after an unrelated edit.</summary>
    [Benchmark, BenchmarkCategory(FloorCategory)]
    public GeneratorDriver FloorRerunAfterUnrelatedEdit() => _floorDriver = _floorDriver.RunGenerators(_solution.NextEdit());

    private GeneratorDriver NewFloorDriver() => CSharpGeneratorDriver.Create([_floor], parseOptions: _solution.ParseOptions);

    private GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create([_generator], parseOptions: _solution.ParseOptions);

    /// <summary>The generator must really write one file per stage class, and the result must compile.</summary>
    private void CheckOutput()
    {
        NewDriver().RunGeneratorsAndUpdateCompilation(_solution.Base, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult result = NewDriver().RunGenerators(_solution.Base).GetRunResult();
        if (result.GeneratedTrees.Length != InstrumentedSolution.TypeCount)
        {
            throw new InvalidOperationException(
                $"The generator wrote {result.GeneratedTrees.Length} files instead of {InstrumentedSolution.TypeCount}.");
        }

        Diagnostic[] errors = generatorDiagnostics.Concat(output.GetDiagnostics())
            .Where(static d => d.Severity == DiagnosticSeverity.Error)
            .ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidOperationException(
                $"The generated code does not compile ({errors.Length} errors), first: {errors[0]}");
        }
    }
}
