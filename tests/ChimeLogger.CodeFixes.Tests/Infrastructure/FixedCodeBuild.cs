using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using ChimeLogger.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ChimeLogger.CodeFixes.Tests.Infrastructure;

/// <summary>Compiles fixed code with the source generator, as a build would: a fix must leave code that builds.</summary>
internal static class FixedCodeBuild
{
    public static void AssertBuilds(string source)
    {
        CSharpParseOptions parseOptions = new(LanguageVersion.Latest);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Fixed",
            [CSharpSyntaxTree.ParseText(source, parseOptions)],
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(HelixToken).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        CSharpGeneratorDriver.Create([new InstrumentationGenerator().AsSourceGenerator()], parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains(output.SyntaxTrees, static t => t.FilePath.EndsWith(".ChimeLogger.g.cs", StringComparison.Ordinal));
    }
}
