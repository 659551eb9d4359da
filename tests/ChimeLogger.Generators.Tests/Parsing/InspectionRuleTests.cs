using System.Collections.Immutable;
using System.Globalization;
using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static ChimeLogger.Generators.Tests.Infrastructure.DiagnosticVerifier;
using static ChimeLogger.Generators.Tests.Infrastructure.GeneratedCode;
using static ChimeLogger.Generators.Tests.Infrastructure.UserCode;

namespace ChimeLogger.Generators.Tests.Parsing;

/// <summary>
/// The edges of the instrumentation rules, by what the user reads: each reserved span attribute key, the wording of
/// each variant of a message (kind of span or name, parameters refused for each role, pointers, return types that
/// cannot be followed), and which <c>CancellationToken</c> parameter the generated code treats as the caller's.
/// </summary>
public class InspectionRuleTests
{
    [Theory]
    [InlineData("helix.entity.id")]
    [InlineData("helix.instrument.id")]
    [InlineData("helix.parent.ids")]
    [InlineData("helix.entity.is_operation")]
    [InlineData("helix.log.entity_id")]
    [InlineData("chime.resource_type")]
    [InlineData("chime.pipeline")]
    [InlineData("chime.site")]
    public async Task CHIME019_refuses_each_key_ChimeLogger_writes_itself(string key)
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + $$"""
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial void Step([SpanAttribute({|CHIME019:"{{key}}"|})] int value);
                private void StepCore(int value) { }
            }
            """);

        Assert.Equal(
            $"[SpanAttribute] on 'value' uses the key '{key}', which ChimeLogger writes itself for the herald; choose another key",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_parameter_named_like_a_reserved_key_is_refused_only_when_the_name_is_the_key()
    {
        // Without a key the parameter name is the key: "value" is free, and so are keys that merely start like reserved ones.
        string generated = Generate(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial void Step([SpanAttribute] int value, [SpanAttribute("helix.entity.idx")] int other, [SpanAttribute("chime")] int third);
                private void StepCore(int value, int other, int third) { }
            }
            """);

        AssertLine(generated, "token.SetAttribute(\"value\", value);");
        AssertLine(generated, "token.SetAttribute(\"helix.entity.idx\", other);");
        AssertLine(generated, "token.SetAttribute(\"chime\", third);");
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("Operate(\"{|CHIME010: |}\", ResourceType = \"event\")", "[ResourceName] string id", "The operation name of [Operate] on 'Step' is empty or whitespace; the herald needs a name for the span")]
    [InlineData("Create(\"{|CHIME010:|}\", ResourceType = \"event\")", "[ResourceName] string id", "The stage name of [Create] on 'Step' is empty or whitespace; the herald needs a name for the span")]
    [InlineData("ChildSpan(\"{|CHIME010:\t|}\")", "string id", "The span name of [ChildSpan] on 'Step' is empty or whitespace; the herald needs a name for the span")]
    public async Task CHIME010_names_the_kind_of_name_that_is_empty(string attribute, string parameter, string message)
    {
        // The markup sits inside the string literal, so the expected span is the literal's content; widen it to the literal.
        string source = Usings + $$"""
            public partial class Pipeline
            {
                [{{attribute}}]
                public partial void Step({{parameter}});
                private void StepCore(string id) { }
            }
            """;
        source = source.Replace("\"{|CHIME010:", "{|CHIME010:\"", StringComparison.Ordinal).Replace("|}\"", "\"|}", StringComparison.Ordinal);

        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(source);

        Assert.Equal(message, Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CHIME011_points_at_an_empty_resource_type_and_at_the_attribute_when_it_is_missing()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Operate("register", ResourceType = {|CHIME011:"  "|})]
                public partial void Register([ResourceName] string id);
                private void RegisterCore(string id) { }

                [{|CHIME011:Create("make")|}]
                public partial void Make([ResourceName] string id);
                private void MakeCore(string id) { }
            }
            """);

        Assert.Equal(
            ["[Operate] on 'Register' has no ResourceType; set ResourceType so the herald knows what kind of entity this is",
             "[Create] on 'Make' has no ResourceType; set ResourceType so the herald knows what kind of entity this is"],
            diagnostics.Select(static d => d.GetMessage(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void An_operate_without_resource_type_opens_its_span_with_none()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string id);
                private void RegisterCore(string id) { }
            }
            """);
        AssertLine(run.Sources.Single().SourceText.ToString(), "global::ChimeLogger.HelixToken token = tracer.Operate(\"register\", resourceName: id, resourceType: \"event\");");
    }

    [Fact]
    public async Task CHIME003_lists_every_span_attribute_on_the_method()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("make", ResourceType = "event")]
                [Operate("make", ResourceType = "event")]
                [ChildSpan("make")]
                public partial void {|CHIME003:Make|}([ResourceName] string id);
                private void MakeCore(string id) { }
            }
            """);

        Assert.Equal(
            "Method 'Make' has [Create] and [Operate] and [ChildSpan]; use only one of [Operate], [Create] and [ChildSpan]",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CHIME002_is_reported_for_each_enclosing_type_that_is_not_partial()
    {
        string source = Usings + """
            public class Outer
            {
                public partial class Middle
                {
                    public class Inner
                    {
                        [ChildSpan("step")]
                        public partial void Step();
                        private void StepCore() { }
                    }
                }
            }
            """;

        // The generator reports it (the compiler's CS0751 ends a command-line build before the analyzers run); the analyzer does not.
        Assert.Empty((await GeneratorHarness.AnalyzeAsync(source)).Where(static d => d.Id.StartsWith("CHIME", StringComparison.Ordinal)));
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Run(source).GeneratorDiagnostics;
        Assert.All(diagnostics, static d => Assert.Equal("CHIME002", d.Id));
        Assert.Equal(
            ["Type 'Inner' contains the instrumented method 'Step' and must be declared 'partial'",
             "Type 'Outer' contains the instrumented method 'Step' and must be declared 'partial'"],
            diagnostics.Select(static d => d.GetMessage(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("returns by reference", "public partial ref int {|CHIME013:Step|}();", "private ref int StepCore() => ref _value;")]
    [InlineData("returns the awaitable 'Pipeline.Awaitable', which the wrapper cannot follow to completion", "public partial Awaitable {|CHIME013:Step|}();", "private Awaitable StepCore() => new();")]
    [InlineData("returns the awaitable 'Pipeline.DerivedAwaitable', which the wrapper cannot follow to completion", "public partial DerivedAwaitable {|CHIME013:Step|}();", "private DerivedAwaitable StepCore() => new();")]
    [InlineData("returns the async sequence 'Pipeline.Sequence', whose work happens after the method returns", "public partial Sequence {|CHIME013:Step|}();", "private Sequence StepCore() => new();")]
    public async Task CHIME013_says_why_the_return_type_cannot_be_followed(string why, string declaration, string core)
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + $$"""
            public partial class Pipeline
            {
                private int _value;

                public class Awaitable { public TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter(); }

                public sealed class DerivedAwaitable : Awaitable { }

                public sealed class Sequence : IAsyncEnumerator<int>
                {
                    public int Current => 0;
                    public ValueTask<bool> MoveNextAsync() => new(false);
                    public ValueTask DisposeAsync() => default;
                }

                [ChildSpan("step")]
                {{declaration}}
                {{core}}
            }
            """.Replace("TaskAwaiter", "System.Runtime.CompilerServices.TaskAwaiter", StringComparison.Ordinal));

        Assert.Equal(
            "Method 'Step' " + why + "; instrumented methods return void, a value, Task, Task<T>, ValueTask or ValueTask<T>",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
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
    public void A_type_with_a_static_GetAwaiter_or_one_taking_arguments_is_a_plain_value()
    {
        string generated = Generate(Usings + """
            public sealed class Odd
            {
                public static System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter();
                public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter(int delay) => Task.Delay(delay).GetAwaiter();
            }

            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial Odd Step();
                private Odd StepCore() => new();
            }
            """);

        AssertLine(generated, "global::ChimeLogger.HelixToken token = tracer.ChildSpan(\"step\");");
        AssertLine(generated, "return this.StepCore();");
        Assert.DoesNotContain("EndWhenCompleted", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_cancellation_token_passed_by_value_is_the_callers()
    {
        string generated = Generate(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial void Step(ref CancellationToken byRef, CancellationToken first, CancellationToken second);
                private void StepCore(ref CancellationToken byRef, CancellationToken first, CancellationToken second) { }

                [ChildSpan("run")]
                public partial Task RunAsync(in CancellationToken byIn, CancellationToken stop);
                private Task RunAsyncCore(in CancellationToken byIn, CancellationToken stop) => Task.CompletedTask;
            }
            """);

        AssertLine(generated, "catch (global::System.Exception exception) when (token.RecordException(exception, first))");
        AssertLine(generated, "// An OperationCanceledException while 'first' is cancelled is a requested stop: chime.cancelled=\"true\", no error.");
        AssertLine(generated, "return global::ChimeLogger.Instrumentation.SpanCompletion.EndWhenCompleted(this.RunAsyncCore(in byIn, stop), token, callerActivity, stop);");
    }

    [Fact]
    public async Task CHIME007_names_the_attribute_on_an_out_parameter()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("make", ResourceType = "event")]
                public partial void Make([ResourceName] string id, [Parents] out string {|CHIME007:parent|});
                private void MakeCore(string id, out string parent) => parent = "";
            }
            """);

        Assert.Equal(
            "Parameter 'parent' is 'out', so it has no value when the span starts; [Parents] must be on a parameter the caller passes in",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CHIME008_says_which_member_cannot_be_read_or_has_the_wrong_type()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public sealed class Candidate { public string Id { get; } = ""; public int Count { get; } }

            public partial class Pipeline
            {
                [Create("make", ResourceType = "event")]
                public partial void Make([ResourceName("Id"), Parents({|CHIME008:"Beams"|})] Candidate candidate);
                private void MakeCore(Candidate candidate) { }

                [Create("count", ResourceType = "event")]
                public partial void Count([ResourceName("Id"), Parents("Count")] Candidate {|CHIME008:candidate|});
                private void CountCore(Candidate candidate) { }
            }
            """);

        Assert.Equal(
            ["[Parents] on 'candidate' names 'Beams', which cannot be read: type 'Candidate' has no readable property or field named 'Beams'; it must be a string or a sequence of strings (IEnumerable<string>)",
             "[Parents] on 'candidate' names 'Count' of type 'int'; it must be a string or a sequence of strings (IEnumerable<string>)"],
            diagnostics.Select(static d => d.GetMessage(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task CHIME006_and_CHIME009_name_both_parameters_and_the_method()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string id, [ResourceName] string {|CHIME006:other|}, [Parents] string[] {|CHIME009:beams|});
                private void RegisterCore(string id, string other, string[] beams) { }
            }
            """);

        Assert.Equal(
            ["Method 'Register' already has the [ResourceName] parameter 'id'; remove [ResourceName] from 'other'",
             "[Parents] on 'beams' is ignored: 'Register' is an [Operate] method and operations have no parents; use [Create] to record provenance"],
            diagnostics.Select(static d => d.GetMessage(CultureInfo.InvariantCulture)));
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
    public async Task CHIME016_refuses_a_pointer_entity_id_and_names_it()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public sealed unsafe class Native { public int* Address; }

            public partial class Pipeline
            {
                [Operate("poke", ResourceType = "memory")]
                public partial void Poke([ResourceName("Address")] Native {|CHIME016:native|});
                private void PokeCore(Native native) { }
            }
            """);

        Assert.Equal(
            "[ResourceName] on 'native': a value of type 'int*' cannot be an entity id; pass the id as a string (or a value that formats as one), or set it in Core with HelixToken.SetEntityId",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CHIME008_refuses_dynamic_parents()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("make", ResourceType = "event")]
                public partial void Make([ResourceName] string id, [Parents] dynamic {|CHIME008:parents|});
                private void MakeCore(string id, dynamic parents) { }
            }
            """);

        Assert.Equal(
            "[Parents] on 'parents' is of type 'dynamic'; it must be a string or a sequence of strings (IEnumerable<string>)",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
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
    public async Task CHIME016_refuses_pointer_span_attributes()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public unsafe partial class Pipeline
            {
                [ChildSpan("poke")]
                public partial void Poke([SpanAttribute] int* {|CHIME016:address|}, [SpanAttribute] delegate*<void> {|CHIME016:callback|});
                private void PokeCore(int* address, delegate*<void> callback) { }
            }
            """);

        Assert.Equal(
            ["[SpanAttribute] on 'address': a value of type 'int*' cannot be recorded on a span; record a value derived from it in Core with HelixToken.SetAttribute",
             "[SpanAttribute] on 'callback': a value of type 'delegate*<void>' cannot be recorded on a span; record a value derived from it in Core with HelixToken.SetAttribute"],
            diagnostics.Select(static d => d.GetMessage(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_span_attribute_with_empty_parentheses_is_keyed_by_the_parameter_name()
    {
        string generated = Generate(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial void Step([SpanAttribute()] int beams);
                private void StepCore(int beams) { }
            }
            """);

        AssertLine(generated, "token.SetAttribute(\"beams\", beams);");
    }

    [Theory]
    [InlineData("Operate", "[ResourceName] string a, [ResourceName] out string {|CHIME006:b|}", "string a, out string b")]
    [InlineData("Create", "[ResourceName] out string {|CHIME007:a|}, [ResourceName] string b", "out string a, string b")]
    [InlineData("Create", "[ResourceName({|CHIME015:\"Missing\"|})] string a, [ResourceName] string b", "string a, string b")]
    [InlineData("Operate", "[ResourceName] string id, [Parents] int {|CHIME009:a|}", "string id, int a")]
    [InlineData("Create", "[ResourceName] string id, [Parents] out string {|CHIME007:a|}, [Parents] string b", "string id, out string a, string b")]
    [InlineData("Create", "[ResourceName] string id, [Parents({|CHIME008:\"Missing\"|})] string a, [Parents] string b", "string id, string a, string b")]
    [InlineData("Create", "[ResourceName] string id, [Parents] int {|CHIME008:a|}, [Parents] string b", "string id, int a, string b")]
    [InlineData("Create", "[ResourceName(\"Address\")] Native {|CHIME016:a|}, [ResourceName] string b", "Native a, string b")]
    [InlineData("Create", "[ResourceName] string id, [SpanAttribute(\"k\")] Span<int> {|CHIME016:a|}, [SpanAttribute(\"k\")] int b", "string id, Span<int> a, int b")]
    [InlineData("Create", "[ResourceName] string id, [SpanAttribute({|CHIME019:\"chime.site\"|})] int a, [SpanAttribute({|CHIME019:\"chime.site\"|})] int b", "string id, int a, int b")]
    public async Task A_refused_parameter_gets_one_diagnostic_and_does_not_take_the_role_it_was_refused(string attribute, string parameters, string coreParameters)
    {
        // Each refused parameter is reported once, for what is wrong with it, and the next parameter with the same
        // attribute is judged on its own, not against the refused one.
        string native = parameters.Contains("Native", StringComparison.Ordinal) ? "public sealed unsafe class Native { public int* Address; }" : "";
        await DiagnosticVerifier.VerifyAsync(Usings + $$"""
            {{native}}

            public partial class Pipeline
            {
                [{{attribute}}("step", ResourceType = "event")]
                public partial void Step({{parameters}});
                private void StepCore({{coreParameters}}) => throw new InvalidOperationException("compiled by the analyzer test, never run");
            }
            """);
    }
}
