using System.Collections.Concurrent;
using System.Reflection;
using ChimeLogger.Package.Tests.Infrastructure;

namespace ChimeLogger.Package.Tests;

/// <summary>
/// What a command-line <c>dotnet build</c> of a fresh project shows, from the packed package: each mistake that leaves a
/// partial method without a generated implementation is named by its ChimeLogger diagnostic (the compiler's declaration
/// errors end such a build before any analyzer runs, so these come from the generator, or the generated body fails instead
/// of the declaration), and a project with every misuse and one missing Core lists every ChimeLogger diagnostic.
/// All the projects are built by one <c>dotnet build</c> of one solution.
/// </summary>
public sealed class CommandLineDiagnosticsTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    private const string Header = """
        using ChimeLogger;

        public partial class Registrar
        {
            [Operate("register", ResourceType = "event")]

        """;

    private static readonly Dictionary<string, string> s_projects = new()
    {
        ["MissingCore"] = Header + """
                public partial void Register([ResourceName] string eventId);
            }
            """,
        ["WrongCoreSignature"] = Header + """
                public partial void Register([ResourceName] string eventId);
                private void RegisterCore(int eventId) { }
            }
            """,
        ["CoreNameTypo"] = Header + """
                public partial void Register([ResourceName] string eventId);
                private void RegistreCore(string eventId) { }
            }
            """,
        ["StricterCoreConstraints"] = Header + """
                public partial void Register<TId>([ResourceName] TId eventId);
                private void RegisterCore<TId>(TId eventId) where TId : struct { }
            }
            """,
        ["FileLocalType"] = Header.Replace("public partial class", "file partial class", StringComparison.Ordinal) + """
                public partial void Register([ResourceName] string eventId);
                private void RegisterCore(string eventId) { }
            }
            """,
        ["TypeNotPartial"] = Header.Replace("public partial class", "public class", StringComparison.Ordinal) + """
                public partial void Register([ResourceName] string eventId);
                private void RegisterCore(string eventId) { }
            }
            """,
        ["AsyncVoid"] = Header + """
                public async partial void Register([ResourceName] string eventId);
                private async void RegisterCore(string eventId) => await Task.Yield();
            }
            """,
        ["EveryMisuse"] = EveryMisuse,
    };

    /// <summary>Every ChimeLogger misuse that C# accepts, and one missing Core; each line names what it shows.</summary>
    private const string EveryMisuse = """
        using ChimeLogger;

        public sealed class Candidate { public string EventId { get; set; } = ""; }

        public partial class Stages
        {
            [Operate("with-body", ResourceType = "event")]
            public void WithBody([ResourceName] string id) { }                                      // CHIME001

            [Operate("both", ResourceType = "event"), ChildSpan("both")]
            public partial void Both([ResourceName] string id);                                     // CHIME003
            private void BothCore(string id) { }

            [Create("make")]
            public partial void Make(string id);                                                    // CHIME004, CHIME011
            private void MakeCore(string id) { }

            [Operate("no-id", ResourceType = "event")]
            public partial void NoId();                                                             // CHIME005
            private void NoIdCore(HelixToken token) => token.AddEvent("registered");                // CHIME014

            [Operate("two-ids", ResourceType = "event")]
            public partial void TwoIds([ResourceName] string a, [ResourceName] string b);           // CHIME006
            private void TwoIdsCore(string a, string b) { }

            [Create("out-id", ResourceType = "event")]
            public partial void OutId([ResourceName] out string id);                                // CHIME007
            private void OutIdCore(out string id) => id = "";

            [Create("bad-parents", ResourceType = "event")]
            public partial void BadParents([ResourceName] string id, [Parents] int parents);        // CHIME008
            private void BadParentsCore(string id, int parents) { }

            [Operate("op-parents", ResourceType = "event")]
            public partial void OpParents([ResourceName] string id, [Parents] string parent);       // CHIME009
            private void OpParentsCore(string id, string parent) { }

            [ChildSpan(" ")]
            public partial void Blank();                                                            // CHIME010
            private void BlankCore() { }

            [Operate("register", ResourceType = "event")]
            public partial void Register([ResourceName] string id);                                 // CHIME012: no RegisterCore

            [ChildSpan("fire")]
            public partial void Fire();                                                             // CHIME013
            private async void FireCore() => await Task.Yield();

            [Create("member", ResourceType = "event")]
            public partial void Member([ResourceName("Missing")] Candidate candidate);              // CHIME015
            private void MemberCore(Candidate candidate) { }

            [ChildSpan("span")]
            public partial void Span([SpanAttribute("text")] ReadOnlySpan<char> text);              // CHIME016
            private void SpanCore(ReadOnlySpan<char> text) { }

            [Create("two-parents", ResourceType = "event")]
            public partial void TwoParents([ResourceName] string id, [Parents] string a, [Parents] string b); // CHIME017
            private void TwoParentsCore(string id, string a, string b) { }

            [ChildSpan("child")]
            public partial void Child([ResourceName] string id);                                    // CHIME018
            private void ChildCore(string id) { }

            [ChildSpan("reserved")]
            public partial void Reserved([SpanAttribute("helix.entity.id")] string id);             // CHIME019
            private void ReservedCore(string id) { }

            public void Local()
            {
                [ChildSpan("local")]
                void Inner() { }                                                                    // CHIME020
                Inner();
            }
        }

        public class Plain
        {
            [ChildSpan("plain")]
            public void Step() { }                                                                  // CHIME001, CHIME002
        }

        file partial class FileLocal
        {
            [ChildSpan("file")]
            partial void Step();                                                                    // CHIME021
            private void StepCore() { }
        }
        """;

    // One build of all the projects per package (the tests of a class share its fixture and run one after another).
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> s_builds = new();

    private static readonly string s_repositoryRoot = typeof(PackageFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(static a => a.Key == "RepositoryRoot").Value!;

    [Theory]
    [InlineData("MissingCore", "error CHIME012: No method 'RegisterCore' with a matching signature was found in 'Registrar' or its base classes; expected 'void RegisterCore(string eventId)', optionally with a last 'HelixToken' parameter")]
    [InlineData("WrongCoreSignature", "error CHIME012: No method 'RegisterCore' with a matching signature was found in 'Registrar' or its base classes; expected 'void RegisterCore(string eventId)', optionally with a last 'HelixToken' parameter")]
    [InlineData("CoreNameTypo", "error CHIME012: No method 'RegisterCore' with a matching signature was found in 'Registrar' or its base classes; expected 'void RegisterCore(string eventId)', optionally with a last 'HelixToken' parameter")]
    [InlineData("StricterCoreConstraints", "error CHIME012: No method 'RegisterCore' with a matching signature was found in 'Registrar' or its base classes ('RegisterCore' requires 'struct' of type parameter 'TId', which 'Register' does not guarantee; give both the same constraints); expected 'void RegisterCore<TId>(TId eventId)', optionally with a last 'HelixToken' parameter")]
    [InlineData("FileLocalType", "error CHIME021: Type 'Registrar' is file-local, so the implementation of 'Register' cannot be generated into it (every part of a file-local type must be in the same file); declare the type 'internal' instead of 'file'")]
    [InlineData("TypeNotPartial", "error CHIME002: Type 'Registrar' contains the instrumented method 'Register' and must be declared 'partial'")]
    [InlineData("AsyncVoid", "error CHIME013: Method 'Register' is declared 'async void': a partial declaration has no body to be async, and the completion of 'async void' cannot be observed; declare it 'partial Task' without 'async', and make 'RegisterCore' an async method returning Task")]
    public async Task A_method_left_without_an_implementation_is_named_by_its_diagnostic_on_the_command_line(string project, string expected)
    {
        string[] lines = LinesOf(await BuildAllAsync(), project);

        // On the user's declaration (line 6 of Code.cs, where Register is declared), with the fix in the message.
        Assert.True(
            lines.Any(line => line.Contains($"{Path.DirectorySeparatorChar}{project}{Path.DirectorySeparatorChar}Code.cs(6,", StringComparison.Ordinal) && line.Contains(expected, StringComparison.Ordinal)),
            $"expected '{expected}' on line 6 of {project}/Code.cs in:\n{string.Join('\n', lines)}");
    }

    [Fact]
    public async Task A_project_with_every_misuse_and_one_missing_core_lists_every_diagnostic()
    {
        string[] lines = LinesOf(await BuildAllAsync(), "EveryMisuse");
        string[] documented = Directory.GetFiles(Path.Combine(s_repositoryRoot, "docs", "diagnostics"), "CHIME*.md")
            .Select(static page => Path.GetFileNameWithoutExtension(page))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(21, documented.Length);

        string[] missing = documented.Where(id => !lines.Any(line => line.Contains($": error {id}: ", StringComparison.Ordinal) || line.Contains($": warning {id}: ", StringComparison.Ordinal))).ToArray();
        Assert.True(missing.Length == 0, $"not shown: {string.Join(", ", missing)}\n{string.Join('\n', lines)}");

        // The missing Core fails the generated body (a method-body error), not the declaration (CS8795 would have ended the
        // build before the analyzers ran).
        Assert.DoesNotContain(lines, static line => line.Contains("CS8795", StringComparison.Ordinal));
        Assert.Contains(lines, static line => line.Contains("Stages.ChimeLogger.g.cs", StringComparison.Ordinal) && line.Contains("error CS1061: 'Stages' does not contain a definition for 'RegisterCore'", StringComparison.Ordinal));
    }

    private Task<string> BuildAllAsync() => s_builds.GetOrAdd(package.Version, _ => new Lazy<Task<string>>(async () =>
    {
        using ConsumerProject solution = ConsumerProject.CreateSolution(package, s_projects);
        (int exitCode, string output) = await solution.BuildAsync();
        Assert.NotEqual(0, exitCode);
        return output;
    })).Value;

    /// <summary>The build's diagnostic lines about one project.</summary>
    private static string[] LinesOf(string output, string project) => output
        .Split('\n')
        .Select(static line => line.TrimEnd('\r'))
        .Where(line => line.EndsWith($"{Path.DirectorySeparatorChar}{project}{Path.DirectorySeparatorChar}{project}.csproj]", StringComparison.Ordinal))
        .ToArray();
}
