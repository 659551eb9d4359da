using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace ChimeLogger.Generators.Tests;

/// <summary>
/// Shapes of valid C# that once got generated code that did not compile, or a misleading message: each now compiles,
/// or gets a ChimeLogger diagnostic that says why (the verifier also checks that no generated file has an error).
/// </summary>
public class HardeningDiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using ChimeLogger;

        """;

    [Fact]
    public async Task CHIME001_comes_alone_without_CHIME012()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public void {|CHIME001:Register|}([ResourceName] string eventId) { }
            }
            """);
        Assert.Single(diagnostics);
    }

    [Fact]
    public async Task CHIME015_says_a_private_member_exists_but_is_not_accessible()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public sealed class Candidate { private string Secret { get; } = ""; }

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName({|CHIME015:"Secret"|})] Candidate candidate);
                private void RegisterCore(Candidate candidate) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.UnknownResourceNameMember,
            "[ResourceName(\"Secret\")] on 'candidate': 'Candidate.Secret' exists but is private and cannot be read from 'Pipeline' through a value of type 'Candidate'");
    }

    [Fact]
    public async Task CHIME015_for_a_protected_member_read_through_a_base_typed_parameter()
    {
        // C# reads a protected member only through the reading type or a type derived from it (CS1540).
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public class Entity { protected string Id { get; } = ""; }

            public partial class Stage : Entity
            {
                [Operate("touch", ResourceType = "event")]
                public partial void Touch([ResourceName({|CHIME015:"Id"|})] Entity other);
                private void TouchCore(Entity other) { }

                [Operate("touch-own", ResourceType = "event")]
                public partial void TouchOwn([ResourceName("Id")] Stage other);
                private void TouchOwnCore(Stage other) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.UnknownResourceNameMember,
            "[ResourceName(\"Id\")] on 'other': 'Entity.Id' exists but is protected and cannot be read from 'Stage' through a value of type 'Entity'; a protected member is readable only through a value of type 'Stage' or a type derived from it");
    }

    [Fact]
    public async Task A_member_implemented_only_explicitly_is_read_through_its_interface()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public interface IHasId { string Id { get; } }
            public sealed class Candidate : IHasId { string IHasId.Id => "evt"; }

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName("Id")] Candidate? candidate);
                private void RegisterCore(Candidate? candidate) { }
            }
            """);
        Assert.Empty(run.Problems);
        Assert.Contains("((global::IHasId?)candidate)?.Id", Assert.Single(run.Sources).SourceText.ToString(), StringComparison.Ordinal);
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public interface IHasId { string Id { get; } }
            public readonly struct Candidate : IHasId { string IHasId.Id => "evt"; }

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName("Id")] Candidate candidate);
                private void RegisterCore(Candidate candidate) { }
            }
            """);
    }

    [Fact]
    public async Task CHIME016_resource_name_on_a_pointer_or_function_pointer()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public unsafe partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] byte* {|CHIME016:id|});
                private void RegisterCore(byte* id) { }

                [Operate("call", ResourceType = "event")]
                public partial void Call([ResourceName] delegate*<void> {|CHIME016:callback|});
                private void CallCore(delegate*<void> callback) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.UnrecordableSpanAttribute,
            "[ResourceName] on 'id': a value of type 'byte*' cannot be an entity id; pass the id as a string (or a value that formats as one), or set it in Core with HelixToken.SetEntityId");
    }

    [Fact]
    public async Task CHIME012_names_a_core_whose_constraints_the_wrapper_does_not_guarantee()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("measure")]
                public partial int {|CHIME012:Measure|}<T>(T value) where T : notnull;
                private int MeasureCore<T>(T value) where T : struct => 1;

                [ChildSpan("compare")]
                public partial int {|CHIME012:Compare|}<T>(T value);
                private int CompareCore<T>(T value) where T : IComparable<T> => 1;

                [ChildSpan("make")]
                public partial T {|CHIME012:Make|}<T>() where T : class;
                private T MakeCore<T>() where T : class, new() => new T();
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.MissingCore,
            "No method 'MeasureCore' with a matching signature was found in 'Pipeline' or its base classes ('MeasureCore' requires 'struct' of type parameter 'T', which 'Measure' does not guarantee; give both the same constraints); expected 'int MeasureCore<T>(T value)', optionally with a last 'HelixToken' parameter");
        Assert.Contains(diagnostics, static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("requires 'System.IComparable<T>'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("requires 'new()'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_core_with_the_same_constraints_and_a_core_in_a_base_class_are_found()
    {
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public abstract class StageBase
            {
                protected void RunCore(string id, HelixToken token) { }
                protected static int CountCore(string id) => 1;
            }

            public partial class Stage : StageBase
            {
                [Operate("run", ResourceType = "event")]
                public partial void Run([ResourceName] string id);

                [Operate("count", ResourceType = "event")]
                public static partial int Count([ResourceName] string id);

                [ChildSpan("compare")]
                public partial int Compare<T>(T value) where T : IComparable<T>, new();
                private int CompareCore<T>(T value) where T : IComparable<T>, new() => 1;
            }
            """);
    }

    [Fact]
    public async Task CHIME012_says_a_private_core_of_a_base_class_is_not_accessible()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public class StageBase { private void RunCore(string id) { } }

            public partial class Stage : StageBase
            {
                [Operate("run", ResourceType = "event")]
                public partial void {|CHIME012:Run|}([ResourceName] string id);
            }
            """);
        Assert.Contains("('RunCore' in 'StageBase' is not accessible from 'Stage')", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CHIME008_accepts_a_type_parameter_constrained_to_a_string_sequence()
    {
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("gather", ResourceType = "beam")]
                public partial void Gather<TIds>([ResourceName] string id, [Parents] TIds blockIds) where TIds : IReadOnlyCollection<string>;
                private void GatherCore<TIds>(string id, TIds blockIds) where TIds : IReadOnlyCollection<string> { }

                [Create("gather-struct", ResourceType = "beam")]
                public partial void GatherStruct<TIds>([ResourceName] string id, [Parents] TIds? blockIds) where TIds : struct, IEnumerable<string>;
                private void GatherStructCore<TIds>(string id, TIds? blockIds) where TIds : struct, IEnumerable<string> { }
            }
            """);
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("gather", ResourceType = "beam")]
                public partial void Gather<TIds>([ResourceName] string id, [Parents] TIds {|CHIME008:blockIds|}) where TIds : IEnumerable<int>;
                private void GatherCore<TIds>(string id, TIds blockIds) where TIds : IEnumerable<int> { }
            }
            """);
    }

    [Fact]
    public async Task An_obsolete_core_is_called_inside_a_pragma_so_the_generated_code_does_not_warn()
    {
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Operate("legacy", ResourceType = "event")]
                public partial void Legacy([ResourceName] string id);

                [Obsolete("old")]
                private void LegacyCore(string id) { }

                [Operate("broken", ResourceType = "event")]
                public partial void {|CHIME003:Broken|}([ResourceName] string id);

                [Obsolete]
                private void BrokenCore(string id) { }
            }
            """.Replace("""public partial void {|CHIME003:Broken|}""", """[ChildSpan("broken")] public partial void {|CHIME003:Broken|}""", StringComparison.Ordinal));
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public partial class Pipeline
            {
                [Operate("legacy", ResourceType = "event")]
                public partial void Legacy([ResourceName] string id);

                [Obsolete("old")]
                private void LegacyCore(string id) { }
            }
            """);
        Assert.DoesNotContain(run.Problems, static d => d.Id is "CS0618" or "CS0612");
        Assert.Contains("#pragma warning disable CS0612, CS0618", Assert.Single(run.Sources).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CHIME013_a_synchronous_iterator_core()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("beams")]
                public partial IEnumerable<int> {|CHIME013:Beams|}();
                private IEnumerable<int> BeamsCore() { yield return 1; }

                [ChildSpan("listed")]
                public partial IEnumerable<int> Listed();
                private IEnumerable<int> ListedCore() => new List<int> { 1 };
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.UnsupportedReturnType,
            "Method 'Beams' has the iterator body 'BeamsCore', whose work runs while the caller enumerates, after the span has ended; return a materialised collection (a List<T> or an array) from 'BeamsCore', or instrument the code that enumerates; instrumented methods return void, a value, Task, Task<T>, ValueTask or ValueTask<T>");
    }

    [Fact]
    public async Task CHIME019_reserved_duplicate_and_empty_span_attribute_keys()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("search", ResourceType = "beam")]
                public partial void Search(
                    [ResourceName] string id,
                    [SpanAttribute({|CHIME019:"helix.entity.id"|})] string other,
                    [SpanAttribute({|CHIME019:"chime.pipeline"|})] string pipeline,
                    [SpanAttribute("snr")] double snr,
                    [SpanAttribute({|CHIME019:"snr"|})] double floor,
                    [SpanAttribute({|CHIME019:" "|})] int blank,
                    [SpanAttribute] int beams,
                    [SpanAttribute({|CHIME019:"beams"|})] int count);
                private void SearchCore(string id, string other, string pipeline, double snr, double floor, int blank, int beams, int count) { }
            }
            """);
        string[] messages = diagnostics.Select(static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal("[SpanAttribute] on 'other' uses the key 'helix.entity.id', which ChimeLogger writes itself for the herald; choose another key", messages[0]);
        Assert.Equal("[SpanAttribute] on 'floor' uses the key 'snr' that parameter 'snr' already records; give each span attribute its own key", messages[2]);
        Assert.Equal("[SpanAttribute] on 'blank' has an empty key; give a key such as 'helix.chime.snr', or none to use the parameter name", messages[3]);
        Assert.All(diagnostics, static d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public async Task CHIME020_span_attributes_where_nothing_can_be_generated()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                public string Name
                {
                    [{|CHIME020:ChildSpan("get-name")|}] get => "";
                }

                public static Pipeline operator +(Pipeline left, Pipeline right) => left;

                [{|CHIME020:Operate("op", ResourceType = "event")|}]
                public static Pipeline operator -(Pipeline left, Pipeline right) => left;

                [{|CHIME020:ChildSpan("convert")|}]
                public static explicit operator string(Pipeline pipeline) => "";

                [{|CHIME020:ChildSpan("finalize")|}]
                ~Pipeline() { }

                public void Run()
                {
                    [{|CHIME020:ChildSpan("local")|}]
                    void Local() { }

                    Func<int> lambda = [{|CHIME020:Create("lambda", ResourceType = "x")|}] () => 1;
                    Local();
                    lambda();
                }
            }
            """);
        Assert.Equal(
            "[ChildSpan] on the 'get' accessor does nothing: only a partial method declared in a type is instrumented; move the work into such a method and call it from here",
            diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(diagnostics, static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith("[ChildSpan] on the local function 'Local'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith("[Create] on a lambda", StringComparison.Ordinal));
        Assert.All(diagnostics, static d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public async Task CHIME021_file_local_type()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            file partial class Registrar
            {
                [Operate("register", ResourceType = "event")]
                public partial void {|CHIME021:Register|}([ResourceName] string eventId);
                private void RegisterCore(string eventId) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.FileLocalType,
            "Type 'Registrar' is file-local, so the implementation of 'Register' cannot be generated into it (every part of a file-local type must be in the same file); declare the type 'internal' instead of 'file'");
        Assert.Empty(GeneratorHarness.Run(Usings + """
            file partial class Registrar
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string eventId);
                private void RegisterCore(string eventId) { }
            }
            """).Sources);
    }

    [Fact]
    public async Task A_variant_interface_keeps_its_variance_in_the_generated_part()
    {
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial interface IProducer<out T, in TInput>
            {
                T Produce(TInput input);

                [Create("produce", ResourceType = "item")]
                public partial string Make([ResourceName] string id);

                private string MakeCore(string id) => id;
            }
            """);
    }

    private static Diagnostic AssertMessage(IReadOnlyList<Diagnostic> diagnostics, string id, string message)
    {
        Diagnostic diagnostic = diagnostics.First(d => d.Id == id);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        return diagnostic;
    }
}
