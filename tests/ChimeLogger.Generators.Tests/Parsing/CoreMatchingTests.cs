using System.Globalization;
using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static ChimeLogger.Generators.Tests.Infrastructure.DiagnosticVerifier;
using static ChimeLogger.Generators.Tests.Infrastructure.GeneratedCode;
using static ChimeLogger.Generators.Tests.Infrastructure.UserCode;

namespace ChimeLogger.Generators.Tests.Parsing;

/// <summary>
/// Which <c>{Name}Core</c> holds the body of an instrumented method: the same parameters (types and reference kinds),
/// return type, number of type parameters, constraints the wrapper guarantees, optionally a last <c>HelixToken</c>; how
/// the wrapper calls the one found; and what CHIME012 says when none is found (the expected Core spelled out, the near
/// miss in a base class, each unmet constraint).
/// </summary>
public class CoreMatchingTests
{
    [Theory]
    [InlineData("private void StepCore(int value, ref HelixToken token) { }")]
    [InlineData("private void StepCore(int value, string extra) { }")]
    [InlineData("private void StepCore(int value, HelixToken token, HelixToken again) { }")]
    [InlineData("private void StepCore(ref int value) { }")]
    [InlineData("private void StepCore(long value) { }")]
    [InlineData("private void StepCore() { }")]
    [InlineData("private int StepCore(int value) => value;")]
    [InlineData("private void StepCore<T>(int value) { }")]
    [InlineData("private int StepCore { get; }")]
    public async Task A_core_that_differs_in_signature_is_not_taken(string core)
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + $$"""
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial void {|CHIME012:Step|}(int value);
                {{core}}
            }
            """);

        Assert.Equal(
            "No method 'StepCore' with a matching signature was found in 'Pipeline' or its base classes; expected 'void StepCore(int value)', optionally with a last 'HelixToken' parameter",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_core_returning_by_reference_does_not_hold_the_body_of_a_method_returning_a_value()
    {
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                private int _value;

                [ChildSpan("step")]
                public partial int {|CHIME012:Step|}();
                private ref int StepCore() => ref _value;

                [ChildSpan("peek")]
                public partial int {|CHIME012:Peek|}();
                private ref readonly int PeekCore() => ref _value;
            }
            """);
    }

    [Fact]
    public void The_wrapper_passes_the_token_only_to_a_core_that_takes_one_and_calls_a_static_core_through_its_type()
    {
        string generated = Generate(Usings + """
            namespace Chime;

            public partial class Pipeline
            {
                [ChildSpan("with-token")]
                public partial void WithToken(int value);
                private void WithTokenCore(int value, HelixToken token) { }

                [ChildSpan("static")]
                public partial void Shared(int value);
                private static void SharedCore(int value) { }

                [ChildSpan("keyword")]
                public partial void @checked(int value);
                private void checkedCore(int value) { }
            }
            """);

        AssertLine(generated, "this.WithTokenCore(value, token);");
        AssertLine(generated, "global::Chime.Pipeline.SharedCore(value);");
        AssertLine(generated, "this.checkedCore(value);");
        AssertLine(generated, "public partial void @checked(int value)");
    }

    [Fact]
    public void A_core_whose_constraint_names_another_type_parameter_is_matched_through_the_wrappers_names()
    {
        string generated = Generate(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial void Step<TItems, TItem>(TItems items) where TItems : IEnumerable<TItem>;
                private void StepCore<TList, TElement>(TList items) where TList : IEnumerable<TElement> { }
            }
            """);

        AssertLine(generated, "this.StepCore<TItems, TItem>(items);");
    }

    [Fact]
    public async Task A_core_of_a_base_class_it_cannot_see_is_named_as_the_near_miss()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public class Base { private void StepCore(int value) { } protected void StepCore(string value) { } }

            public partial class Pipeline : Base
            {
                [ChildSpan("step")]
                public partial void {|CHIME012:Step|}(int value);
            }
            """);

        Assert.Equal(
            "No method 'StepCore' with a matching signature was found in 'Pipeline' or its base classes ('StepCore' in 'Base' is not accessible from 'Pipeline'); expected 'void StepCore(int value)', optionally with a last 'HelixToken' parameter",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
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
    public async Task Of_several_cores_it_cannot_see_the_nearest_is_named_as_the_near_miss()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public class Root { private void StepCore(int value) { } }
            public class Base : Root { private void StepCore(int value) { } }

            public partial class Pipeline : Base
            {
                [ChildSpan("step")]
                public partial void {|CHIME012:Step|}(int value);
            }
            """);

        Assert.Contains(
            "('StepCore' in 'Base' is not accessible from 'Pipeline')",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_several_cores_with_unmet_constraints_the_first_declared_is_named()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial void {|CHIME012:Step|}<T>(T value);
                private void StepCore<T>(T value) where T : struct { }
                private void StepCore<T>(T value, HelixToken token) where T : class { }
            }
            """);

        Assert.Contains(
            "('StepCore' requires 'struct' of type parameter 'T', which 'Step' does not guarantee; give both the same constraints)",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_expected_core_lists_every_type_parameter()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial TOut {|CHIME012:Step|}<TIn, TOut>(TIn value);
            }
            """);

        Assert.Contains(
            "expected 'TOut StepCore<TIn, TOut>(TIn value)'",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task CHIME012_spells_out_the_expected_core_with_reference_kinds_type_parameters_and_static()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public static partial int {|CHIME012:Step|}<T>(ref int a, out int b, in int c, ref readonly int d, T e, int[] f);

                [ChildSpan("run")]
                public partial void {|CHIME012:Run|}();
            }
            """);

        Assert.Equal(
            ["No method 'RunCore' with a matching signature was found in 'Pipeline' or its base classes; expected 'void RunCore()', optionally with a last 'HelixToken' parameter",
             "No method 'StepCore' with a matching signature was found in 'Pipeline' or its base classes; expected 'static int StepCore<T>(ref int a, out int b, in int c, ref readonly int d, T e, int[] f)', optionally with a last 'HelixToken' parameter"],
            diagnostics.Select(static d => d.GetMessage(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("where T : unmanaged", "", "unmanaged")]
    [InlineData("where T : struct", "", "struct")]
    [InlineData("where T : class", "", "class")]
    [InlineData("where T : notnull", "", "notnull")]
    [InlineData("where T : notnull", "where T : class?", "notnull")]
    [InlineData("where T : new()", "", "new()")]
    [InlineData("where T : IDisposable", "", "System.IDisposable")]
    [InlineData("where T : IComparable, IDisposable", "", "System.IComparable")] // the first unmet constraint is named
    [InlineData("where T : IComparable<T>", "where T : IComparable<string>", "System.IComparable<T>")]
    [InlineData("", "where T : allows ref struct", "no 'allows ref struct'")]
    public async Task CHIME012_names_the_constraint_of_core_the_wrapper_does_not_guarantee(string coreConstraint, string wrapperConstraint, string missing)
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + $$"""
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial void {|CHIME012:Step|}<T>() {{wrapperConstraint}};
                private void StepCore<T>() {{coreConstraint}} { }
            }
            """);

        Assert.Equal(
            $"No method 'StepCore' with a matching signature was found in 'Pipeline' or its base classes ('StepCore' requires '{missing}' of type parameter 'T', which 'Step' does not guarantee; give both the same constraints); expected 'void StepCore<T>()', optionally with a last 'HelixToken' parameter",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
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

    [Theory]
    [InlineData("where T : unmanaged", "where T : unmanaged")]
    [InlineData("where T : struct", "where T : unmanaged")]
    [InlineData("where T : struct", "where T : struct")]
    [InlineData("where T : class", "where T : class, IDisposable")]
    [InlineData("where T : notnull", "where T : notnull")]
    [InlineData("where T : notnull", "where T : struct")]
    [InlineData("where T : notnull", "where T : class")]
    [InlineData("where T : new()", "where T : new()")]
    [InlineData("where T : new()", "where T : struct")]
    [InlineData("where T : IDisposable", "where T : class, IDisposable")]
    [InlineData("where T : allows ref struct", "where T : allows ref struct")]
    [InlineData("where T : allows ref struct", "")]
    public async Task A_core_whose_constraints_the_wrapper_guarantees_is_called(string coreConstraint, string wrapperConstraint)
    {
        await DiagnosticVerifier.VerifyAsync(Usings + $$"""
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial void Step<T>() {{wrapperConstraint}};
                private void StepCore<T>() {{coreConstraint}} { }
            }
            """);
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
}
