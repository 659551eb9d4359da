using System.Globalization;
using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static ChimeLogger.Generators.Tests.Infrastructure.GeneratedCode;

namespace ChimeLogger.Generators.Tests.Parsing;

/// <summary>
/// Which <c>{Name}Core</c> holds the body of an instrumented method: the same parameters (types and reference kinds),
/// return type, number of type parameters, optionally a last <c>HelixToken</c>; and how the wrapper calls the one found.
/// </summary>
public class CoreMatchingTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using ChimeLogger;

        """;

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
}
