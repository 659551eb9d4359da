using ChimeLogger.CodeFixes.Tests.Infrastructure;
using ChimeLogger.Generators.Analyzers;
using ChimeLogger.Generators.Diagnostics;

namespace ChimeLogger.CodeFixes.Tests;

/// <summary>Each ChimeLogger code fix turns the code its diagnostic is on into code the diagnostic no longer fires on.</summary>
public class CodeFixTests
{
    private const string MovedBody = """
            using System.Threading.Tasks;
            using ChimeLogger;

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial Task<int> RegisterAsync([ResourceName] string eventId, int attempts = 3);

                private async Task<int> RegisterAsyncCore(string eventId, int attempts)
                {
                    await Task.Yield();
                    return attempts;
                }

                [ChildSpan("step")]
                internal static partial string Step<T>(T value) where T : notnull;

                private static string StepCore<T>(T value) where T : notnull => value.ToString() ?? "";
            }
            """;

    [Fact]
    public async Task CHIME001_makes_the_method_partial_and_moves_its_body_into_core()
    {
        await CodeFixVerifier<InstrumentationAnalyzer, MoveBodyToCoreFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using ChimeLogger;

            public class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public async Task<int> {|CHIME001:{|CHIME002:RegisterAsync|}|}([ResourceName] string eventId, int attempts = 3)
                {
                    await Task.Yield();
                    return attempts;
                }

                [ChildSpan("step")]
                internal static string {|CHIME001:{|CHIME002:Step|}|}<T>(T value) where T : notnull => value.ToString() ?? "";
            }
            """, MovedBody);
        FixedCodeBuild.AssertBuilds(MovedBody);
    }

    private const string PartialTypes = """
            using ChimeLogger;

            namespace Chime;

            public static partial class Outer
            {
                internal partial class Pipeline
                {
                    [ChildSpan("step")]
                    public partial void Step();

                    private void StepCore() { }
                }
            }
            """;

    [Fact]
    public async Task CHIME001_from_the_generator_moves_the_body_of_a_partial_method_without_a_declaration_into_core()
    {
        // A partial method with a body and no declaration (CS0759): the generator reports CHIME001; there is one body to move.
        await GeneratorDiagnosticFixVerifier.VerifyAsync(new MoveBodyToCoreFix(), """
            using ChimeLogger;

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string eventId)
                {
                    System.Console.WriteLine(eventId);
                }
            }
            """, DiagnosticIds.MethodNotPartial, expectedCount: 1, MovedPartialBody);
        FixedCodeBuild.AssertBuilds(MovedPartialBody);
    }

    private const string MovedPartialBody = """
            using ChimeLogger;

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string eventId);

                private void RegisterCore(string eventId)
                {
                    System.Console.WriteLine(eventId);
                }
            }
            """;

    [Fact]
    public async Task CHIME002_makes_every_containing_type_partial()
    {
        // A partial method in a type that is not partial: the generator reports CHIME002, once for each type.
        await GeneratorDiagnosticFixVerifier.VerifyAsync(new MakeTypesPartialFix(), """
            using ChimeLogger;

            namespace Chime;

            public static class Outer
            {
                internal class Pipeline
                {
                    [ChildSpan("step")]
                    public partial void Step();

                    private void StepCore() { }
                }
            }
            """, DiagnosticIds.TypeNotPartial, expectedCount: 2, PartialTypes);
        FixedCodeBuild.AssertBuilds(PartialTypes);
    }

    private const string CoreStubs = """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using ChimeLogger;

            public partial class Pipeline
            {
                [Create("l1-search", ResourceType = "n2_acquisition")]
                public partial Task<int> SearchAsync<T>([ResourceName] string beamId, [Parents] IReadOnlyList<string> blockIds, ref int attempts, T token) where T : struct;

                private Task<int> SearchAsyncCore<T>(string beamId, IReadOnlyList<string> blockIds, ref int attempts, T token, HelixToken token2) where T : struct
                {
                    throw new System.InvalidOperationException("SearchAsyncCore has no body yet: write the work of SearchAsync here.");
                }

                [ChildSpan("step")]
                public static partial void Step(params string[] names);

                private static void StepCore(string[] names, HelixToken token)
                {
                }
            }
            """;

    [Fact]
    public async Task CHIME012_adds_the_core_with_the_matching_signature_and_a_helix_token()
    {
        await CodeFixVerifier<InstrumentationAnalyzer, CoreStubFix>.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using ChimeLogger;

            public partial class Pipeline
            {
                [Create("l1-search", ResourceType = "n2_acquisition")]
                public partial Task<int> {|CHIME012:SearchAsync|}<T>([ResourceName] string beamId, [Parents] IReadOnlyList<string> blockIds, ref int attempts, T token) where T : struct;

                [ChildSpan("step")]
                public static partial void {|CHIME012:Step|}(params string[] names);
            }
            """, CoreStubs);
        FixedCodeBuild.AssertBuilds(CoreStubs);
    }

    [Fact]
    public async Task CHIME014_prefixes_the_event_name()
    {
        await CodeFixVerifier<EventNameAnalyzer, HelixEventPrefixFix>.VerifyAsync("""
            using ChimeLogger;

            public static class Events
            {
                public static void Record(HelixToken token)
                {
                    token.AddEvent({|CHIME014:"classified"|});
                    token.AddEvent({|CHIME014:"event.registered"|});
                }
            }
            """, """
            using ChimeLogger;

            public static class Events
            {
                public static void Record(HelixToken token)
                {
                    token.AddEvent("helix.event.classified");
                    token.AddEvent("helix.event.registered");
                }
            }
            """);
    }

    private const string InternalType = """
            using ChimeLogger;

            internal partial class Registrar
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string eventId);
                private void RegisterCore(string eventId) { }
            }
            """;

    [Fact]
    public async Task CHIME021_declares_the_file_local_type_internal()
    {
        await GeneratorDiagnosticFixVerifier.VerifyAsync(new FileTypeToInternalFix(), """
            using ChimeLogger;

            file partial class Registrar
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string eventId);
                private void RegisterCore(string eventId) { }
            }
            """, DiagnosticIds.FileLocalType, expectedCount: 1, InternalType);
        FixedCodeBuild.AssertBuilds(InternalType);
    }

    [Fact]
    public async Task CHIME006_CHIME009_CHIME017_and_CHIME018_remove_the_attribute_that_is_one_too_many_or_ignored()
    {
        await CodeFixVerifier<InstrumentationAnalyzer, RemoveEntityAttributeFix>.VerifyAsync("""
            using ChimeLogger;

            public partial class Pipeline
            {
                [Create("search", ResourceType = "beam")]
                public partial void Search([ResourceName] string beamId, [ResourceName] string {|CHIME006:other|}, [Parents] string block, [Parents, SpanAttribute("helix.chime.more")] string[] {|CHIME017:more|});
                private void SearchCore(string beamId, string other, string block, string[] more) { }

                [ChildSpan("lookup")]
                public partial void Lookup([ResourceName] string {|CHIME018:eventId|});
                private void LookupCore(string eventId) { }

                [Operate("classify", ResourceType = "event")]
                public partial void Classify([ResourceName] string eventId, [Parents] string {|CHIME009:beam|});
                private void ClassifyCore(string eventId, string beam) { }
            }
            """, """
            using ChimeLogger;

            public partial class Pipeline
            {
                [Create("search", ResourceType = "beam")]
                public partial void Search([ResourceName] string beamId, string other, [Parents] string block, [SpanAttribute("helix.chime.more")] string[] more);
                private void SearchCore(string beamId, string other, string block, string[] more) { }

                [ChildSpan("lookup")]
                public partial void Lookup(string eventId);
                private void LookupCore(string eventId) { }

                [Operate("classify", ResourceType = "event")]
                public partial void Classify([ResourceName] string eventId, string beam);
                private void ClassifyCore(string eventId, string beam) { }
            }
            """);
    }

    [Fact]
    public void Every_fixable_id_is_a_chimelogger_diagnostic_and_named_on_its_docs_page()
    {
        string docs = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "diagnostics");
        Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider[] fixes =
            [new MoveBodyToCoreFix(), new MakeTypesPartialFix(), new CoreStubFix(), new HelixEventPrefixFix(), new FileTypeToInternalFix(), new RemoveEntityAttributeFix()];
        string[] known = typeof(DiagnosticIds).GetFields().Select(static f => (string)f.GetRawConstantValue()!).ToArray();
        foreach (Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider fix in fixes)
        {
            foreach (string id in fix.FixableDiagnosticIds)
            {
                Assert.Contains(id, known);
                string page = File.ReadAllText(Path.Combine(docs, id + ".md"));
                Assert.Contains("## Code fix", page, StringComparison.Ordinal);
            }
        }
    }
}
