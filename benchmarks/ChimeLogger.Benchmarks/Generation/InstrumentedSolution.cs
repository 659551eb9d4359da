using System.Globalization;
using System.Text;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Benchmarks.Generation;

/// <summary>
/// A compilation the size of a large pipeline: <see cref="TypeCount"/> stage classes with ten instrumented
/// methods each (four <c>[Operate]</c> with a span attribute, four async <c>[Create]</c> with parents and a
/// cancellation token, two <c>[ChildSpan]</c>), plus one file that has nothing to do with telemetry and comes
/// in versions that differ inside a method body (typing in another file: an unrelated edit) and versions that differ in
/// a constant (a declaration changed elsewhere).
/// </summary>
internal sealed class InstrumentedSolution
{
    public const int TypeCount = 100;
    public const int MethodsPerType = 10;
    public const int MethodCount = TypeCount * MethodsPerType;

    private readonly SyntaxTree _placeholder;
    private readonly SyntaxTree[] _unrelatedVersions;
    private readonly SyntaxTree[] _declarationVersions;
    private int _edits;

    public InstrumentedSolution()
    {
        ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        List<SyntaxTree> trees = [];
        for (int i = 0; i < TypeCount; i++)
        {
            trees.Add(Parse(StageSource(i), $"Stages/Stage{i:000}.cs"));
        }

        _placeholder = Parse(UnrelatedSource(revision: 1, build: 0), "BuildInfo.cs");
        _unrelatedVersions = [Parse(UnrelatedSource(revision: 1, build: 1), "BuildInfo.cs"), Parse(UnrelatedSource(revision: 1, build: 2), "BuildInfo.cs")];
        _declarationVersions = [Parse(UnrelatedSource(revision: 2, build: 0), "BuildInfo.cs"), Parse(UnrelatedSource(revision: 3, build: 0), "BuildInfo.cs")];
        trees.Add(_placeholder);

        IEnumerable<MetadataReference> references = Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(ChimeTelemetry).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(ILogger).Assembly.Location));
        Base = CSharpCompilation.Create(
            "FrbPipeline.Stages",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public CSharpParseOptions ParseOptions { get; }

    /// <summary>The compilation with the original version of the unrelated file.</summary>
    public CSharpCompilation Base { get; }

    /// <summary>
    /// A new compilation that differs from the previous one only inside a method body of the unrelated file (the two
    /// versions alternate). Every other syntax tree is the same object, as in an IDE after one keystroke there.
    /// </summary>
    public CSharpCompilation NextEdit()
    {
        _edits++;
        return Base.ReplaceSyntaxTree(_placeholder, _unrelatedVersions[_edits & 1]);
    }

    /// <summary>A new compilation whose unrelated file declares a different constant (the two versions alternate).</summary>
    public CSharpCompilation NextDeclarationEdit()
    {
        _edits++;
        return Base.ReplaceSyntaxTree(_placeholder, _declarationVersions[_edits & 1]);
    }

    private SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path, Encoding.UTF8);

    private static string UnrelatedSource(int revision, int build) => $$"""
        namespace FrbPipeline;

        public static class BuildInfo
        {
            public const int Revision = {{revision.ToString(CultureInfo.InvariantCulture)}};

            public static string Describe() => "FrbPipeline build {{build.ToString(CultureInfo.InvariantCulture)}}, revision " + Revision;
        }
        """;

    private static string StageSource(int index)
    {
        StringBuilder source = new();
        source.Append(CultureInfo.InvariantCulture, $$"""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using ChimeLogger;

            namespace FrbPipeline.Stages.Group{{index / 10}};

            public sealed partial class Stage{{index}}
            {

            """);
        for (int j = 0; j < 4; j++)
        {
            source.Append(CultureInfo.InvariantCulture, $$"""
                    [Operate("classify-{{index}}-{{j}}", ResourceType = "event")]
                    public partial int Classify{{j}}([ResourceName] string eventId, [SpanAttribute("helix.chime.snr")] double snr);

                    private int Classify{{j}}Core(string eventId, double snr, HelixToken token) => eventId.Length + (int)snr;

                    [Create("l1-search-{{index}}-{{j}}", ResourceType = "n2_acquisition")]
                    public partial Task<int> Search{{j}}Async([ResourceName] string beamId, [Parents] IReadOnlyList<string> blockIds, CancellationToken ct);

                    private Task<int> Search{{j}}AsyncCore(string beamId, IReadOnlyList<string> blockIds, CancellationToken ct) => Task.FromResult(beamId.Length + blockIds.Count);


                """);
        }

        for (int j = 0; j < 2; j++)
        {
            source.Append(CultureInfo.InvariantCulture, $$"""
                    [ChildSpan("lookup-{{index}}-{{j}}")]
                    private partial string Lookup{{j}}(string eventId);

                    private string Lookup{{j}}Core(string eventId) => eventId;


                """);
        }

        source.Append("}\n");
        return source.ToString();
    }
}
