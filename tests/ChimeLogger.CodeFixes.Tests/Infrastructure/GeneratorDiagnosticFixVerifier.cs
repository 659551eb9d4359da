using System.Collections.Immutable;
using System.Globalization;
using Basic.Reference.Assemblies;
using ChimeLogger.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace ChimeLogger.CodeFixes.Tests.Infrastructure;

/// <summary>
/// Applies a fix to a diagnostic that the source generator reports itself (where no implementation can be added to a
/// method), as the IDE does: the generator's diagnostic names a file by path, the IDE places it in the document with that
/// path, and the fix is offered there. The code-fix test framework runs analyzers only, so this runs the generator on the
/// document's project, takes its diagnostics, applies the fix to the first, and compares the document with
/// <c>fixedSource</c>.
/// </summary>
internal static class GeneratorDiagnosticFixVerifier
{
    private const string FilePath = "/src/Pipeline.cs";

    public static async Task VerifyAsync(CodeFixProvider fix, string source, string expectedId, int expectedCount, string fixedSource)
    {
        using AdhocWorkspace workspace = new();
        CSharpParseOptions parseOptions = new(LanguageVersion.Latest);
        ProjectInfo projectInfo = ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Pipeline",
            "Pipeline",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: parseOptions,
            metadataReferences: [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(HelixToken).Assembly.Location)]);
        Project project = workspace.AddProject(projectInfo);
        Document document = workspace.AddDocument(DocumentInfo.Create(
            DocumentId.CreateNewId(project.Id),
            "Pipeline.cs",
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(source), VersionStamp.Default, FilePath)),
            filePath: FilePath));

        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        CSharpGeneratorDriver.Create([new InstrumentationGenerator().AsSourceGenerator()], parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out _, out ImmutableArray<Diagnostic> reported);

        Diagnostic[] diagnostics = reported.Where(d => d.Id == expectedId).ToArray();
        Assert.Equal(expectedCount, diagnostics.Length);
        Assert.All(diagnostics, static d => Assert.Equal(FilePath, d.Location.GetLineSpan().Path));

        // The IDE's placement: the same span, in the document with that path.
        SyntaxTree tree = (await document.GetSyntaxTreeAsync())!;
        Diagnostic placed = Diagnostic.Create(
            diagnostics[0].Id,
            diagnostics[0].Descriptor.Category,
            diagnostics[0].GetMessage(CultureInfo.InvariantCulture),
            diagnostics[0].Severity,
            diagnostics[0].DefaultSeverity,
            isEnabledByDefault: true,
            warningLevel: 0,
            location: Location.Create(tree, diagnostics[0].Location.SourceSpan));

        List<CodeAction> actions = new();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, placed, (action, _) => actions.Add(action), CancellationToken.None));
        CodeAction only = Assert.Single(actions);
        ApplyChangesOperation apply = Assert.Single((await only.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>());
        SourceText fixedText = await apply.ChangedSolution.GetDocument(document.Id)!.GetTextAsync();
        Assert.Equal(fixedSource.ReplaceLineEndings(), fixedText.ToString().ReplaceLineEndings());
    }
}
