using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static ChimeLogger.Generators.Tests.Infrastructure.GeneratedCode;
using static ChimeLogger.Generators.Tests.Infrastructure.UserCode;

namespace ChimeLogger.Generators.Tests.Emission;

/// <summary>
/// Focused checks of the generated source for one declaration shape at a time: how a value of each type reaches the
/// span (which <c>SetAttribute</c> overload, which formatter for an entity id), how the containing type and the
/// method signature are repeated. Each generated file must also compile with the user's code, without warnings.
/// </summary>
public class EmittedShapeTests
{
    [Theory]
    [InlineData("sbyte", "value")]
    [InlineData("byte", "value")]
    [InlineData("short", "value")]
    [InlineData("ushort", "value")]
    [InlineData("int", "value")]
    [InlineData("uint", "value")]
    [InlineData("long", "value")]
    [InlineData("nint", "value")]
    [InlineData("double", "value")]
    [InlineData("bool", "value")]
    [InlineData("string", "value")]
    [InlineData("ulong", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatInvariant(value)")]
    [InlineData("nuint", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatInvariant(value)")]
    [InlineData("float", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatInvariant(value)")]
    [InlineData("decimal", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatInvariant(value)")]
    [InlineData("Guid", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatInvariant(value)")]
    [InlineData("char", "value.ToString()")]
    [InlineData("DayOfWeek", "value.ToString()")]
    [InlineData("DateTime", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatRoundTrip(value)")]
    [InlineData("DateTimeOffset", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatRoundTrip(value)")]
    [InlineData("object", "(object?)value")]
    [InlineData("int[]", "(object?)value")]
    [InlineData("KeyValuePair<string, int>", "(object?)value")]
    [InlineData("Uri", "(object?)value")]
    public void A_span_attribute_reaches_the_overload_for_its_type(string type, string expected)
    {
        string generated = GenerateWithSpanAttribute(type);

        AssertLine(generated, "token.SetAttribute(\"k\", " + expected + ");");
    }

    [Theory]
    [InlineData("int?", "value.GetValueOrDefault()")]
    [InlineData("double?", "value.GetValueOrDefault()")]
    [InlineData("bool?", "value.GetValueOrDefault()")]
    [InlineData("decimal?", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatInvariant(value.GetValueOrDefault())")]
    [InlineData("DateTime?", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatRoundTrip(value.GetValueOrDefault())")]
    [InlineData("DayOfWeek?", "value.GetValueOrDefault().ToString()")]
    [InlineData("char?", "value.GetValueOrDefault().ToString()")]
    public void A_nullable_value_type_attribute_records_its_value_or_null(string type, string expected)
    {
        string generated = GenerateWithSpanAttribute(type);

        AssertLine(generated, "if (value.HasValue)");
        AssertLine(generated, "token.SetAttribute(\"k\", " + expected + ");");
        AssertLine(generated, "token.SetAttribute(\"k\", (string?)null);");
    }

    [Fact]
    public void A_span_attribute_of_a_type_parameter_goes_through_the_object_overload_even_when_formattable()
    {
        string generated = Generate(Usings + """
            public partial class Stage
            {
                [ChildSpan("step")]
                public partial void Step<T>([SpanAttribute("k")] T value) where T : struct, IFormattable;
                private void StepCore<T>(T value) where T : struct, IFormattable { }
            }
            """);

        AssertLine(generated, "token.SetAttribute(\"k\", (object?)value);");
    }

    [Fact]
    public void A_span_attribute_of_a_value_type_that_is_not_formattable_goes_through_the_object_overload()
    {
        string generated = Generate(Usings + """
            public struct Point : IEquatable<Point> { public int X; public bool Equals(Point other) => X == other.X; }

            public partial class Stage
            {
                [ChildSpan("step")]
                public partial void Step([SpanAttribute("k")] Point value);
                private void StepCore(Point value) { }
            }
            """);

        AssertLine(generated, "token.SetAttribute(\"k\", (object?)value);");
    }

    [Theory]
    [InlineData("string", "id")]
    [InlineData("string?", "id")]
    [InlineData("bool", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatBoolean(id)")]
    [InlineData("bool?", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatBoolean(id)")]
    [InlineData("int", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatInvariant(id)")]
    [InlineData("long?", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatInvariant(id)")]
    [InlineData("Guid", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatInvariant(id)")]
    [InlineData("DateTime", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatRoundTrip(id)")]
    [InlineData("DateTimeOffset", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatRoundTrip(id)")]
    [InlineData("DateTimeOffset?", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatRoundTrip(id)")]
    [InlineData("DayOfWeek", "id.ToString()")]
    [InlineData("DayOfWeek?", "id?.ToString()")]
    [InlineData("object", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatEntityId(id)")]
    [InlineData("IComparable", "global::ChimeLogger.Instrumentation.InstrumentedValues.FormatEntityId(id)")]
    [InlineData("Candidate", "id.ToString()")]
    [InlineData("Candidate?", "id?.ToString()")]
    [InlineData("KeyValuePair<string, int>", "id.ToString()")]
    public void An_entity_id_is_formatted_for_its_type(string type, string expected)
    {
        string generated = Generate(Usings + $$"""
            public sealed class Candidate { }

            public partial class Stage
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] {{type}} id);
                private void RegisterCore({{type}} id) { }
            }
            """);

        AssertLine(generated, "global::ChimeLogger.HelixToken token = tracer.Operate(\"register\", resourceName: " + expected + ", resourceType: \"event\");");
    }

    [Theory]
    [InlineData("DayOfWeek", "beam?.Day.ToString()")] // the chain already stops at a null beam: Day itself is never null
    [InlineData("DayOfWeek?", "beam?.Day?.ToString()")]
    [InlineData("Candidate", "beam?.Day?.ToString()")]
    public void An_entity_id_read_from_a_member_of_a_parameter_that_may_be_null_is_null_conditional_only_where_a_value_may_be_null(string type, string expected)
    {
        string generated = Generate(Usings + $$"""
            public sealed class Candidate { }
            public sealed class Beam { public {{type}} Day { get; set; } = default!; }

            public partial class Stage
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName(nameof(Beam.Day))] Beam? beam);
                private void RegisterCore(Beam? beam) { }
            }
            """);

        AssertLine(generated, "string? resourceName = global::ChimeLogger.Instrumentation.InstrumentedValues.ReadMember(beam, static beam => " + expected + ", \"Register\", \"ResourceName(\\\"Day\\\")\");");
    }

    [Fact]
    public void An_entity_id_of_a_type_parameter_is_formatted_by_the_runtime()
    {
        string generated = Generate(Usings + """
            public partial class Stage
            {
                [Create("register", ResourceType = "event")]
                public partial void Register<TId>([ResourceName] TId id) where TId : struct, IFormattable;
                private void RegisterCore<TId>(TId id) where TId : struct, IFormattable { }
            }
            """);

        AssertLine(generated, "global::ChimeLogger.HelixToken token = tracer.Create(\"register\", resourceName: global::ChimeLogger.Instrumentation.InstrumentedValues.FormatEntityId(id), resourceType: \"event\");");
    }

    [Theory]
    [InlineData("public partial class Stage", "partial class Stage")]
    [InlineData("public static partial class Stage", "static partial class Stage")]
    [InlineData("public partial struct Stage", "partial struct Stage")]
    [InlineData("public readonly partial struct Stage", "readonly partial struct Stage")]
    [InlineData("public ref partial struct Stage", "ref partial struct Stage")]
    [InlineData("public readonly ref partial struct Stage", "readonly ref partial struct Stage")]
    [InlineData("public partial record Stage", "partial record Stage")]
    [InlineData("public partial record class Stage", "partial record Stage")]
    [InlineData("public partial record struct Stage", "partial record struct Stage")]
    [InlineData("public readonly partial record struct Stage", "readonly partial record struct Stage")]
    public void The_containing_type_is_reopened_with_its_kind_and_modifiers(string declaration, string expected)
    {
        string generated = Generate(Usings + declaration + """

            {
                [ChildSpan("step")]
                public static partial void Step();
                private static void StepCore() { }
            }
            """);

        AssertLine(generated, expected);
    }

    [Fact]
    public void An_interface_is_reopened_as_an_interface()
    {
        string generated = Generate(Usings + """
            public partial interface IStage
            {
                [ChildSpan("step")]
                public static partial void Step();
                private static void StepCore() { }
            }
            """);

        AssertLine(generated, "partial interface IStage");
        AssertLine(generated, "global::IStage.StepCore();");
    }

    [Theory]
    [InlineData("where T : class", "where T : class")]
    [InlineData("where T : class?", "where T : class?")]
    [InlineData("where T : struct", "where T : struct")]
    [InlineData("where T : unmanaged", "where T : unmanaged")]
    [InlineData("where T : notnull", "where T : notnull")]
    [InlineData("where T : new()", "where T : new()")]
    [InlineData("where T : allows ref struct", "where T : allows ref struct")]
    [InlineData("where T : IComparable<T>, new()", "where T : global::System.IComparable<T>, new()")]
    [InlineData("where T : class, IDisposable", "where T : class, global::System.IDisposable")]
    public void Type_parameter_constraints_are_repeated(string constraint, string expected)
    {
        string generated = Generate(Usings + $$"""
            public partial class Stage
            {
                [ChildSpan("step")]
                public partial void Step<T>() {{constraint}};
                private void StepCore<T>() {{constraint}} { }
            }
            """);

        AssertLine(generated, expected);
        AssertLine(generated, "public partial void Step<T>()");
    }

    [Fact]
    public void A_type_parameter_without_constraints_gets_no_where_clause()
    {
        string generated = Generate(Usings + """
            public partial class Stage
            {
                [ChildSpan("step")]
                public partial void Step<T, @class>(T first, @class second) where @class : struct;
                private void StepCore<T, @class>(T first, @class second) where @class : struct { }
            }
            """);

        Assert.DoesNotContain("where T", generated, StringComparison.Ordinal);
        AssertLine(generated, "where @class : struct");
        AssertLine(generated, "public partial void Step<T, @class>(T first, @class second)");
        AssertLine(generated, "this.StepCore<T, @class>(first, second);");
    }

    [Theory]
    [InlineData("out T", "out T")]
    [InlineData("in T", "in T")]
    public void A_variant_interface_keeps_its_variance(string parameter, string expected)
    {
        string generated = Generate(Usings + $$"""
            public partial interface IStage<{{parameter}}>
            {
                [ChildSpan("step")]
                public static partial void Step();
                private static void StepCore() { }
            }
            """);

        AssertLine(generated, "partial interface IStage<" + expected + ">");
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

    [Fact]
    public void A_method_returning_by_reference_gets_a_body_that_returns_cores_reference()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public partial class Stage
            {
                private int _value;

                [ChildSpan("step")]
                public partial ref int Step();
                private ref int StepCore() => ref _value;

                [ChildSpan("peek")]
                public partial ref readonly int Peek();
                private ref readonly int PeekCore(HelixToken token) => ref _value;
            }
            """);
        string generated = run.Sources.Single().SourceText.ToString();

        AssertLine(generated, "public partial ref int Step()");
        AssertLine(generated, "return ref this.StepCore();");
        AssertLine(generated, "public partial ref readonly int Peek()");
        AssertLine(generated, "return ref this.PeekCore(global::ChimeLogger.HelixToken.None);");
        Assert.DoesNotContain("ChimeTelemetry.Tracer", generated, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), static d => d.Severity == DiagnosticSeverity.Error && d.Id != "CHIME013");
    }

    [Fact]
    public void Parameters_are_passed_on_with_their_reference_kinds()
    {
        string generated = Generate(Usings + """
            public partial class Stage
            {
                [ChildSpan("step")]
                public partial void Step(ref int a, in int b, ref readonly int c, out int d, scoped ref int e, params int[] f);
                private void StepCore(ref int a, in int b, in int c, out int d, scoped ref int e, int[] f) => d = 0;
            }
            """);

        AssertLine(generated, "public partial void Step(ref int a, in int b, ref readonly int c, out int d, scoped ref int e, params int[] f)");
        AssertLine(generated, "this.StepCore(ref a, in b, in c, out d, ref e, f);");
    }

    [Fact]
    public void A_malformed_span_attribute_leaves_a_body_that_only_calls_core_and_says_an_error_is_reported()
    {
        // [ChildSpan] without its name: the compiler reports the missing argument, and ChimeLogger has no error id of its own to name.
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public partial class Stage
            {
                [ChildSpan]
                public partial int Step(int value);
                private int StepCore(int value) => value;
            }
            """);
        string generated = run.Sources.Single().SourceText.ToString();

        AssertLine(generated, "// Not instrumented: ChimeLogger reports an error on this method. Until that is fixed, the work runs");
        AssertLine(generated, "return this.StepCore(value);");
        Assert.DoesNotContain("ChimeTelemetry.Tracer", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_only_calls_core_names_each_error_once_in_order_and_no_warnings()
    {
        // CHIME019 twice (two reserved keys) is reported before CHIME013 (the return type); CHIME005 is a warning.
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public partial class Stage
            {
                private int _value;

                [Operate("step", ResourceType = "event")]
                public partial ref int Step([SpanAttribute("helix.entity.id")] int a, [SpanAttribute("chime.site")] int b);
                private ref int StepCore(int a, int b) => ref _value;
            }
            """);
        string generated = run.Sources.Single().SourceText.ToString();

        AssertLine(generated, "// Not instrumented: ChimeLogger reports CHIME013, CHIME019 on this method. Until that is fixed, the work runs");
        AssertLine(generated, "return ref this.StepCore(a, b);");
    }

    [Fact]
    public void An_operate_without_a_resource_name_opens_a_span_with_no_entity_id()
    {
        string generated = Generate(Usings + """
            #pragma warning disable CHIME005
            public partial class Stage
            {
                [Operate("sweep", ResourceType = "disk")]
                public partial void Sweep(int limit);
                private void SweepCore(int limit) { }
            }
            """);

        AssertLine(generated, "global::ChimeLogger.HelixToken token = tracer.Operate(\"sweep\", resourceName: null, resourceType: \"disk\");");
    }

    [Fact]
    public void A_member_implemented_explicitly_is_read_through_its_interface_and_null_conditionally_when_the_parameter_may_be_null()
    {
        string generated = Generate(Usings + """
            namespace Chime;

            public interface IHasId { string Id { get; } }

            public sealed class Candidate : IHasId { string IHasId.Id => "evt"; }

            public partial class Stage
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName("Id")] Candidate? candidate);
                private void RegisterCore(Candidate? candidate) { }

                [Operate("confirm", ResourceType = "event")]
                public partial void Confirm([ResourceName("Id")] Candidate candidate);
                private void ConfirmCore(Candidate candidate) { }
            }
            """);

        AssertLine(generated, "string? resourceName = global::ChimeLogger.Instrumentation.InstrumentedValues.ReadMember(candidate, static candidate => ((global::Chime.IHasId?)candidate)?.Id, \"Register\", \"ResourceName(\\\"Id\\\")\");");
        AssertLine(generated, "string? resourceName = global::ChimeLogger.Instrumentation.InstrumentedValues.ReadMember(candidate, static candidate => ((global::Chime.IHasId)candidate).Id, \"Confirm\", \"ResourceName(\\\"Id\\\")\");");
    }

    [Fact]
    public void A_single_parent_is_passed_as_parent_and_a_member_read_into_a_local()
    {
        string generated = Generate(Usings + """
            public sealed class Block { public string Parent { get; init; } = ""; }

            public partial class Stage
            {
                [Create("direct", ResourceType = "event")]
                public partial void Direct([ResourceName] string id, [Parents] string? parent);
                private void DirectCore(string id, string? parent) { }

                [Create("member", ResourceType = "event")]
                public partial void Member([ResourceName] string id, [Parents("Parent")] Block block);
                private void MemberCore(string id, Block block) { }
            }
            """);

        AssertLine(generated, "global::ChimeLogger.HelixToken token = tracer.Create(\"direct\", resourceName: id, resourceType: \"event\", parent: parent);");
        AssertLine(generated, "string? parentIds = global::ChimeLogger.Instrumentation.InstrumentedValues.ReadMember(block, static block => block.Parent, \"Member\", \"Parents(\\\"Parent\\\")\");");
        AssertLine(generated, "global::ChimeLogger.HelixToken token = tracer.Create(\"member\", resourceName: id, resourceType: \"event\", parent: parentIds);");
    }

    [Fact]
    public void A_sequence_of_parents_that_is_not_declared_as_IEnumerable_of_string_reaches_core_as_the_caller_passed_it()
    {
        string generated = Generate(Usings + """
            public partial class Stage
            {
                [Create("list", ResourceType = "event")]
                public partial void FromList([ResourceName] string id, [Parents] List<string> blocks);
                private void FromListCore(string id, List<string> blocks) { }

                [Create("by-ref", ResourceType = "event")]
                public partial void ByRef([ResourceName] string id, [Parents] in IEnumerable<string> blocks);
                private void ByRefCore(string id, in IEnumerable<string> blocks) { }
            }
            """);

        AssertLine(generated, "global::ChimeLogger.Instrumentation.InstrumentedValues.ReadParents(blocks, \"FromList\", out global::System.Collections.Generic.IReadOnlyList<string?>? parentIds);");
        AssertLine(generated, "this.FromListCore(id, blocks);");
        AssertLine(generated, "this.ByRefCore(id, in blocks);");
        Assert.DoesNotContain("parentsRead", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_span_attribute_without_a_key_is_recorded_under_the_parameter_name()
    {
        string generated = Generate(Usings + """
            public partial class Stage
            {
                [ChildSpan("step")]
                public partial void Step([SpanAttribute] int beams, [SpanAttribute(null)] string? label, [SpanAttribute("helix.chime.snr")] double snr);
                private void StepCore(int beams, string? label, double snr) { }
            }
            """);

        AssertLine(generated, "token.SetAttribute(\"beams\", beams);");
        AssertLine(generated, "token.SetAttribute(\"label\", label);");
        AssertLine(generated, "token.SetAttribute(\"helix.chime.snr\", snr);");
    }

    [Fact]
    public void A_type_declared_in_parts_across_files_gets_one_file_named_for_its_namespace_without_escapes()
    {
        GeneratorRun run = GeneratorHarness.Run(
            Usings + """
                namespace Chime.@event;

                public partial class Stage
                {
                    [ChildSpan("first")]
                    public partial void First();
                    private void FirstCore() { }
                }
                """,
            Usings + """
                namespace Chime.@event;

                public partial class Stage
                {
                    [ChildSpan("second")]
                    public partial void Second();
                    private void SecondCore() { }
                }
                """);

        Assert.Empty(run.Problems);
        GeneratedSourceResult generated = Assert.Single(run.Sources);
        Assert.Equal("Chime.event.Stage.ChimeLogger.g.cs", generated.HintName);
        string text = generated.SourceText.ToString();
        AssertLine(text, "namespace Chime.@event");
        AssertLine(text, "// Written by ChimeLogger.Generators for the [Operate], [Create] and [ChildSpan] methods of Chime.@event.Stage.");
        AssertLine(text, "public partial void First()");
        AssertLine(text, "public partial void Second()");
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
    public void Only_System_ObsoleteAttribute_on_core_puts_its_call_inside_a_pragma()
    {
        string generated = Generate(Usings + """
            namespace Chime
            {
                [AttributeUsage(AttributeTargets.Method)]
                public sealed class ObsoleteAttribute : Attribute { }

                public partial class Stage
                {
                    [ChildSpan("step")]
                    public partial void Step();

                    [Obsolete]
                    private void StepCore() { }
                }
            }
            """);

        Assert.DoesNotContain("#pragma", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void Types_of_the_same_name_in_different_namespaces_get_a_file_each()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            namespace A
            {
                public partial class BC
                {
                    [ChildSpan("first")]
                    public partial void First();
                    private void FirstCore() { }
                }
            }

            public partial class ABC
            {
                [ChildSpan("second")]
                public partial void Second();
                private void SecondCore() { }
            }

            namespace B
            {
                public partial class BC
                {
                    [ChildSpan("third")]
                    public partial void Third();
                    private void ThirdCore() { }
                }
            }
            """);

        Assert.Empty(run.Problems);
        Assert.Equal(
            ["A.BC.ChimeLogger.g.cs", "ABC.ChimeLogger.g.cs", "B.BC.ChimeLogger.g.cs"],
            run.Sources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_nested_type_and_a_type_named_like_the_two_joined_get_a_file_each()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public partial class Outer
            {
                public partial class Inner
                {
                    [ChildSpan("first")]
                    public partial void First();
                    private void FirstCore() { }
                }
            }

            public partial class OuterInner
            {
                [ChildSpan("second")]
                public partial void Second();
                private void SecondCore() { }
            }
            """);

        Assert.Empty(run.Problems);
        Assert.Equal(
            ["Outer.Inner.ChimeLogger.g.cs", "OuterInner.ChimeLogger.g.cs"],
            run.Sources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_out_span_attribute_is_recorded_after_core_returns_with_or_without_a_result()
    {
        string generated = Generate(Usings + """
            public partial class Stage
            {
                [ChildSpan("count")]
                public partial int Count([SpanAttribute("found")] out int found);
                private int CountCore(out int found) { found = 3; return 4; }

                [ChildSpan("scan")]
                public partial void Scan([SpanAttribute("found")] out int found);
                private void ScanCore(out int found) => found = 5;
            }
            """);

        AssertLine(generated, "int result = this.CountCore(out found);");
        AssertLine(generated, "return result;");
        AssertLine(generated, "this.ScanCore(out found);");
        Assert.Equal(2, generated.Split('\n').Count(static l => l.Trim() == "token.SetAttribute(\"found\", found);"));
    }

    [Fact]
    public void Locals_of_the_wrapper_avoid_the_names_of_the_methods_type_parameters()
    {
        // A local named like a type parameter of its method does not compile (CS0412): Generate asserts no errors.
        string generated = Generate(Usings + """
            public partial class Stage
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register<tracer, token>([ResourceName] string eventId);
                private void RegisterCore<tracer, token>(string eventId) { }
            }
            """);

        AssertLine(generated, "global::ChimeLogger.HelixToken token1 = tracer1.Operate(\"register\", resourceName: eventId, resourceType: \"event\");");
    }

    /// <summary>The generated source of a child span whose one parameter, of <paramref name="type"/>, is the span attribute <c>k</c>.</summary>
    private static string GenerateWithSpanAttribute(string type) => Generate(Usings + $$"""
        public partial class Stage
        {
            [ChildSpan("step")]
            public partial void Step([SpanAttribute("k")] {{type}} value);
            private void StepCore({{type}} value) { }
        }
        """);
}
