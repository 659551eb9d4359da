using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace ChimeLogger.Generators.Tests.Emission;

/// <summary>
/// The generated source of each method shape, compared with Golden/*.cs (see <see cref="GoldenFile"/> for how to
/// accept a change). Each case also compiles the user code with the generated code, without errors or warnings.
/// </summary>
public class GoldenTests
{
    [Fact]
    public void Operate_void_with_token()
    {
        const string source = """
            using ChimeLogger;

            namespace Chime.Registration;

            public partial class EventRegistrar
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string eventId);

                private void RegisterCore(string eventId, HelixToken token) => token.SetAttribute("seen", eventId.Length);
            }
            """;
        AssertGolden(nameof(Operate_void_with_token), "Chime.Registration.EventRegistrar.ChimeLogger.g.cs", source);
    }

    [Fact]
    public void Create_task_of_T_with_parents_attribute_and_cancellation()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using ChimeLogger;

            namespace Chime.L1;

            public sealed record Beam(string Id);

            public partial class BeamSearch
            {
                [Create("l1-search", ResourceType = "n2_acquisition")]
                public partial Task<Beam> SearchAsync([ResourceName] string beamId, [Parents] IReadOnlyList<string> blockIds,
                                                      [SpanAttribute("helix.chime.snr")] double snr, CancellationToken ct);

                private async Task<Beam> SearchAsyncCore(string beamId, IReadOnlyList<string> blockIds, double snr, CancellationToken ct)
                {
                    await Task.Delay(1, ct);
                    return new Beam(beamId);
                }
            }
            """;
        AssertGolden(nameof(Create_task_of_T_with_parents_attribute_and_cancellation), "Chime.L1.BeamSearch.ChimeLogger.g.cs", source);
    }

    [Fact]
    public void Create_from_members_of_a_parameter()
    {
        const string source = """
            using System.Collections.Generic;
            using ChimeLogger;

            namespace Chime.L2;

            public sealed class Candidate
            {
                public string EventId { get; init; } = "";
                public List<string> BeamIds { get; } = new();
                public int Number;
            }

            public readonly record struct Block(long Id, string Parent);

            public partial class Promoter
            {
                [Create("l2-event", ResourceType = "event")]
                public partial void Promote([ResourceName("EventId"), Parents("BeamIds")] Candidate candidate);

                [Create("l2-numbered", ResourceType = "event")]
                internal partial void PromoteNumbered([ResourceName("Number")] Candidate candidate);

                [Create("block", ResourceType = "block")]
                internal partial void Register([ResourceName("Id"), Parents("Parent")] Block block);

                private void PromoteCore(Candidate candidate) { }

                private void PromoteNumberedCore(Candidate candidate) { }

                private static void RegisterCore(Block block) { }
            }
            """;
        AssertGolden(nameof(Create_from_members_of_a_parameter), "Chime.L2.Promoter.ChimeLogger.g.cs", source);
    }

    [Fact]
    public void Child_span_returning_a_value()
    {
        const string source = """
            using ChimeLogger;

            namespace Chime.Catalog;

            public sealed record Entry(string Id);

            public partial class Catalog
            {
                [ChildSpan("catalog-lookup")]
                private partial Entry Lookup(string eventId);

                private Entry LookupCore(string eventId) => new(eventId);

                public Entry Find(string eventId) => Lookup(eventId);
            }
            """;
        AssertGolden(nameof(Child_span_returning_a_value), "Chime.Catalog.Catalog.ChimeLogger.g.cs", source);
    }

    [Fact]
    public void Task_and_value_task_shapes()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;
            using ChimeLogger;

            namespace Chime.Shapes;

            public partial class Shapes
            {
                [Operate("flush", ResourceType = "buffer")]
                public partial Task FlushAsync([ResourceName] string bufferId);

                [Operate("count", ResourceType = "buffer")]
                public partial ValueTask<int> CountAsync([ResourceName] string bufferId, CancellationToken cancellationToken);

                [ChildSpan("settle")]
                protected internal partial ValueTask SettleAsync();

                private Task FlushAsyncCore(string bufferId) => Task.CompletedTask;

                private ValueTask<int> CountAsyncCore(string bufferId, CancellationToken cancellationToken, HelixToken token) => new(bufferId.Length);

                private ValueTask SettleAsyncCore() => default;
            }
            """;
        AssertGolden(nameof(Task_and_value_task_shapes), "Chime.Shapes.Shapes.ChimeLogger.g.cs", source);
    }

    [Fact]
    public void Static_methods_in_nested_generic_types()
    {
        const string source = """
            using ChimeLogger;

            namespace Chime.Nested
            {
                public static partial class Outer
                {
                    internal partial class Inner<T1>
                        where T1 : notnull
                    {
                        [ChildSpan("inner-step")]
                        public static partial T1 Step(T1 value);

                        private static T1 StepCore(T1 value) => value;
                    }

                    [Operate("outer-op", ResourceType = "thing")]
                    public static partial void Run([ResourceName] string id);

                    private static void RunCore(string id) { }
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Problems);
        string[] hintNames = run.Sources.Select(static s => s.HintName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Chime.Nested.Outer.ChimeLogger.g.cs", "Chime.Nested.Outer.Inner_T1.ChimeLogger.g.cs"], hintNames);
        GoldenFile.Verify(nameof(Static_methods_in_nested_generic_types) + "_Outer", run.Sources.Single(static s => s.HintName.StartsWith("Chime.Nested.Outer.ChimeLogger", StringComparison.Ordinal)).SourceText.ToString());
        GoldenFile.Verify(nameof(Static_methods_in_nested_generic_types) + "_Inner", run.Sources.Single(static s => s.HintName.Contains("Inner_T1", StringComparison.Ordinal)).SourceText.ToString());
    }

    [Fact]
    public void Generic_method_with_constraints()
    {
        const string source = """
            using System;
            using System.Threading.Tasks;
            using ChimeLogger;

            namespace Chime.Generic;

            public interface IHasId { string Id { get; } }

            public partial class Processor<TContext> where TContext : class
            {
                [Create("process", ResourceType = "item")]
                public partial Task<TResult> ProcessAsync<TItem, TResult>([ResourceName("Id")] TItem item, TContext context)
                    where TItem : class, IHasId, new()
                    where TResult : struct, IEquatable<TResult>;

                private Task<TOut> ProcessAsyncCore<TIn, TOut>(TIn item, TContext context, HelixToken token)
                    where TIn : class, IHasId, new()
                    where TOut : struct, IEquatable<TOut> => Task.FromResult(default(TOut));
            }
            """;
        AssertGolden(nameof(Generic_method_with_constraints), "Chime.Generic.Processor_TContext.ChimeLogger.g.cs", source);
    }

    [Fact]
    public void Ref_in_out_params_and_typed_attributes_with_colliding_names()
    {
        const string source = """
            using System;
            using ChimeLogger;

            namespace Chime.Parameters;

            public enum Band { Low, High }

            public partial struct Tuner
            {
                [Operate("tune", ResourceType = "tuner")]
                public partial int Tune(
                    [ResourceName] in Guid token,
                    ref int tracer,
                    [SpanAttribute("count")] int task,
                    [SpanAttribute("gain")] float exception,
                    [SpanAttribute] bool result,
                    [SpanAttribute("band")] Band band,
                    [SpanAttribute("when")] DateTime callerActivity,
                    [SpanAttribute("limit")] long? coreReturned,
                    [SpanAttribute("label")] string? label,
                    [SpanAttribute("code")] char code,
                    [SpanAttribute("payload")] object? payload,
                    [SpanAttribute("found")] out int found,
                    params string[] AwaitCompletion);

                private int TuneCore(in Guid token, ref int tracer, int task, float exception, bool result, Band band, DateTime callerActivity,
                                     long? coreReturned, string? label, char code, object? payload, out int found, string[] AwaitCompletion)
                {
                    found = tracer++;
                    return task;
                }
            }
            """;
        AssertGolden(nameof(Ref_in_out_params_and_typed_attributes_with_colliding_names), "Chime.Parameters.Tuner.ChimeLogger.g.cs", source);
    }

    [Fact]
    public void Global_namespace_record_and_keyword_names()
    {
        const string source = """
            using ChimeLogger;

            public partial record Stage(string Name)
            {
                [Operate("@class \"quoted\"", ResourceType = "stage")]
                internal partial void @event([ResourceName] string @class);

                private void eventCore(string @class) { }
            }
            """;
        AssertGolden(nameof(Global_namespace_record_and_keyword_names), "Stage.ChimeLogger.g.cs", source);
    }

    [Fact]
    public void Parents_read_once_values_formatted_as_the_runtime_does_and_members_read_as_csharp_does()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using ChimeLogger;

            namespace Chime.Shapes;

            public interface IHasId { string Id { get; } }

            public sealed class Candidate : IHasId
            {
                string IHasId.Id => "evt";
                public DateTime? ObservedAt { get; init; }
                public IEnumerable<string?> Beams { get; init; } = [];
            }

            public partial class Stage
            {
                [Create("lazy", ResourceType = "beam")]
                public partial void FromLazy([ResourceName] bool flag, [Parents] IEnumerable<string> blockIds);
                private void FromLazyCore(bool flag, IEnumerable<string> blockIds) { }

                [Create("members", ResourceType = "event")]
                public partial void FromMembers([ResourceName("Id"), Parents("Beams")] Candidate candidate, [SpanAttribute("helix.chime.at")] DateTimeOffset at);
                private void FromMembersCore(Candidate candidate, DateTimeOffset at) { }

                [Operate("observed", ResourceType = "event")]
                public partial void Observed([ResourceName("ObservedAt")] Candidate candidate);

                [Obsolete("kept for old callers")]
                private void ObservedCore(Candidate candidate) { }

                [Operate("generic", ResourceType = "event")]
                public partial void Generic<TId>([ResourceName] TId id);
                private void GenericCore<TId>(TId id) { }
            }
            """;
        AssertGolden(nameof(Parents_read_once_values_formatted_as_the_runtime_does_and_members_read_as_csharp_does), "Chime.Shapes.Stage.ChimeLogger.g.cs", source);
    }

    [Fact]
    public void A_method_with_an_error_and_a_core_gets_a_body_that_only_calls_core()
    {
        const string source = """
            using System.Threading.Tasks;
            using ChimeLogger;

            namespace Chime.Broken;

            public partial class Stage
            {
                [Create("make")]
                public partial Task<int> MakeAsync(string id, out int attempts);
                private Task<int> MakeAsyncCore(string id, out int attempts, HelixToken token) { attempts = 1; return Task.FromResult(1); }

                [Operate("twice", ResourceType = "t")]
                [ChildSpan("twice")]
                internal partial ref int Twice<T>([ResourceName] T id) where T : notnull;
                private ref int TwiceCore<T>(T id) where T : notnull => ref _slot;

                private int _slot;
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));
        GoldenFile.Verify(nameof(A_method_with_an_error_and_a_core_gets_a_body_that_only_calls_core), Assert.Single(run.Sources).SourceText.ToString());
    }

    [Fact]
    public void A_method_without_a_core_gets_the_call_the_wrapper_would_make_so_that_only_its_body_fails()
    {
        const string source = """
            using ChimeLogger;

            namespace Chime.Broken;

            public partial class Stage
            {
                [Create("make")]
                public partial int Make(string id);

                [ChildSpan("step")]
                public static partial void Step<T>(ref T value) where T : struct;
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);

        // No declaration error (CS8795 would end a command-line build before the analyzers report CHIME012): only the
        // calls of the missing Core methods fail, inside the generated bodies.
        Diagnostic[] errors = run.Output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.Equal(["CS0117", "CS1061"], errors.Select(static e => e.Id).Order(StringComparer.Ordinal));
        Assert.All(errors, static e => Assert.EndsWith(".ChimeLogger.g.cs", e.Location.SourceTree!.FilePath, StringComparison.Ordinal));
        GoldenFile.Verify(nameof(A_method_without_a_core_gets_the_call_the_wrapper_would_make_so_that_only_its_body_fails), Assert.Single(run.Sources).SourceText.ToString());
    }

    [Fact]
    public void Generated_code_compiles_cleanly_in_nullable_disabled_code_and_with_documentation_checks()
    {
        const string source = """
            #nullable disable
            using System.Threading.Tasks;
            using ChimeLogger;

            namespace Chime.Legacy;

            /// <summary>A stage written before nullable annotations.</summary>
            public sealed class Candidate
            {
                /// <summary>The id.</summary>
                public string EventId { get; set; }
            }

            /// <summary>Registers events.</summary>
            public partial class Registrar
            {
                /// <summary>Registers an event.</summary>
                /// <param name="candidate">The candidate.</param>
                /// <param name="note">A note.</param>
                /// <returns>The work.</returns>
                [Operate("register", ResourceType = "event")]
                public partial Task Register([ResourceName("EventId")] Candidate candidate, [SpanAttribute("note")] string note);

                private Task RegisterCore(Candidate candidate, string note) => Task.CompletedTask;

                /// <summary>Creates an event from beams.</summary>
                /// <param name="eventId">The id.</param>
                /// <param name="beams">The beams.</param>
                [Create("promote", ResourceType = "event")]
                public partial void Promote([ResourceName] string eventId, [Parents] System.Collections.Generic.IEnumerable<string> beams);

                private void PromoteCore(string eventId, System.Collections.Generic.IEnumerable<string> beams) { }
            }
            """;
        Microsoft.CodeAnalysis.CSharp.CSharpParseOptions options = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        Compilation compilation = GeneratorHarness.Compile().AddSyntaxTrees(
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source, options, path: "Source0.cs"));
        Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create([new InstrumentationGenerator().AsSourceGenerator()], parseOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);

        Assert.Empty(output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("candidate?.EventId", output.SyntaxTrees.Last().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parents_of_nullable_strings_and_nullable_entity_ids_compile_without_warnings()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using ChimeLogger;

            namespace Chime;

            public interface IHasId { int Id { get; } }

            public sealed class Batch
            {
                public List<string?> Ids { get; } = new();
                public int? Number { get; set; }
                public ImmutableArray<string> Blocks { get; set; }
            }

            public partial class Stage
            {
                [Create("a", ResourceType = "t")]
                public partial void A([ResourceName] string? id, [Parents] IReadOnlyList<string?> parents);

                [Create("b", ResourceType = "t")]
                public partial void B([ResourceName("Number"), Parents("Ids")] Batch? batch);

                [Create("c", ResourceType = "t")]
                public partial void C([ResourceName] long? id, [Parents("Blocks")] Batch batch);

                [Create("d", ResourceType = "t")]
                public partial void D([ResourceName] System.Guid id, [Parents] ImmutableArray<string> blocks);

                [Create("e", ResourceType = "t")]
                public partial void E<T>([ResourceName] T id);

                [Create("f", ResourceType = "t")]
                public partial void F<T>([ResourceName("Id")] T item, [SpanAttribute("item")] T again) where T : IHasId;

                [Create("g", ResourceType = "t")]
                public partial void G<T>([ResourceName] T? id) where T : struct;

                private void ECore<T>(T id) { }
                private void FCore<T>(T item, T again) where T : IHasId { }
                private void GCore<T>(T? id) where T : struct { }
                private void ACore(string? id, IReadOnlyList<string?> parents) { }
                private void BCore(Batch? batch) { }
                private void CCore(long? id, Batch batch) { }
                private void DCore(System.Guid id, ImmutableArray<string> blocks) { }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Empty(run.Problems);
        Assert.Single(run.Sources);
    }

    [Fact]
    public void Unusual_shapes_compile_without_warnings()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using ChimeLogger;

            namespace Chime.Unusual;

            public static partial class Extensions
            {
                [ChildSpan("extension")]
                public static partial int Measure(this string text, [SpanAttribute("limit")] ulong limit);
                private static int MeasureCore(string text, ulong limit) => text.Length;
            }

            public readonly partial record struct Reading(double Value)
            {
                [ChildSpan("tuple")]
                public partial (int Count, string Name) Describe([SpanAttribute("when")] DateTimeOffset when, [SpanAttribute("amount")] decimal amount, [SpanAttribute("tag")] Guid? tag);
                private (int Count, string Name) DescribeCore(DateTimeOffset when, decimal amount, Guid? tag) => (1, "x");
            }

            public ref partial struct Scanner
            {
                [ChildSpan("scan")]
                public partial Span<byte> Scan(Span<byte> buffer, scoped ReadOnlySpan<char> pattern, params ReadOnlySpan<string> tags);
                private Span<byte> ScanCore(Span<byte> buffer, scoped ReadOnlySpan<char> pattern, scoped ReadOnlySpan<string> tags) => buffer;
            }

            public unsafe partial class Native
            {
                [Operate("poke", ResourceType = "memory")]
                protected virtual partial void Poke([ResourceName] string id, int* address, Func<int, int> map);
                private void PokeCore(string id, int* address, Func<int, int> map) { }

                [ChildSpan("pointer-free")]
                internal partial int Count(string text);
                private int CountCore(string text) => text.Length;
            }

            public partial class Registrar(Func<string, int> lookup)
            {
                [Operate("register", ResourceType = "event")]
                public partial int Register([ResourceName] string eventId);
                private int RegisterCore(string eventId, HelixToken token) => lookup(eventId);
            }

            public partial class Late
            {
                [ChildSpan("dynamic")]
                internal partial Task<int> LateAsync(dynamic extra, [SpanAttribute("extra")] dynamic again);
                private Task<int> LateAsyncCore(dynamic extra, dynamic again) => Task.FromResult(1);
            }

            public partial class Names
            {
                [Operate("run", ResourceType = "t")]
                public partial Task Run([ResourceName] string RunCore, Action tracer, int global);
                private Task RunCore(string RunCore, Action tracer, int global) => Task.CompletedTask;
            }
            """;
        GeneratorRun run = GeneratorHarness.Compile(source).Options.AllowUnsafe ? GeneratorHarness.Run(source) : RunUnsafe(source);

        Assert.Empty(run.Problems);
        Assert.Equal(7, run.Sources.Count());
    }

    private static GeneratorRun RunUnsafe(string source)
    {
        Compilation compilation = GeneratorHarness.Compile(source).WithOptions(GeneratorHarness.Compile(source).Options.WithAllowUnsafe(true));
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var diagnostics);
        return new GeneratorRun(driver.GetRunResult(), output, diagnostics);
    }

    [Fact]
    public void Hint_names_stay_unique_when_type_names_would_collide()
    {
        const string source = """
            using ChimeLogger;

            namespace Chime;

            public partial class Outer
            {
                public partial class Inner<T1>
                {
                    [ChildSpan("generic")] public partial void Run();
                    private void RunCore() { }
                }

                public partial class Inner_T1
                {
                    [ChildSpan("plain")] public partial void Run();
                    private void RunCore() { }
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Empty(run.Problems);
        Assert.Equal(
            ["Chime.Outer.Inner_T1.ChimeLogger.g.cs", "Chime.Outer.Inner_T1_2.ChimeLogger.g.cs"],
            run.Sources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Output_is_deterministic()
    {
        const string source = """
            using ChimeLogger;
            namespace N;
            public partial class A
            {
                [Operate("b", ResourceType = "t")] public partial void B([ResourceName] string id);
                [Operate("a", ResourceType = "t")] public partial void A1([ResourceName] string id);
                private void BCore(string id) { }
                private void A1Core(string id) { }
            }
            """;
        string first = GeneratorHarness.Run(source).Sources.Single().SourceText.ToString();
        string second = GeneratorHarness.Run(source).Sources.Single().SourceText.ToString();
        Assert.Equal(first, second);
        Assert.True(first.IndexOf("void A1(", StringComparison.Ordinal) < first.IndexOf("void B(", StringComparison.Ordinal), "methods are written in name order");
    }

    private static void AssertGolden(string name, string hintName, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Problems);
        GeneratedSourceResult generated = Assert.Single(run.Sources);
        Assert.Equal(hintName, generated.HintName);
        GoldenFile.Verify(name, generated.SourceText.ToString());
    }
}
