using System.Globalization;
using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using static ChimeLogger.Generators.Tests.Infrastructure.UserCode;

namespace ChimeLogger.Generators.Tests.Diagnostics;

/// <summary>
/// Where no implementation can be added to a partial method, the compiler's errors for that (CS0751, CS0759, CS1994, CS8795)
/// are declaration errors, which end a command-line build before any analyzer runs: the generator reports the ChimeLogger
/// error itself, and the analyzer leaves that one to it, so that the IDE (which shows both) says it once. Everything else
/// stays with the analyzer. (The verifier also checks that nothing is reported twice, and that every such compiler error
/// comes with an error from the generator.)
/// </summary>
public class GeneratorReportedDiagnosticTests
{
    [Fact]
    public async Task A_type_that_is_not_partial_is_named_by_the_generator_and_the_other_problems_by_the_analyzer()
    {
        string source = Usings + """
            public class Registrar
            {
                [Create("register")]
                public partial void Register([ResourceName] string eventId);
            }
            """;

        GeneratorRun run = GeneratorHarness.Run(source);
        Diagnostic reported = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CHIME002", reported.Id);
        Assert.Equal("Type 'Registrar' contains the instrumented method 'Register' and must be declared 'partial'", reported.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(DiagnosticSeverity.Error, reported.Severity);

        // It points where the analyzer would: the method's name in the user's file, by path and line.
        FileLinePositionSpan where = reported.Location.GetLineSpan();
        Assert.Equal("Source0.cs", where.Path);
        Assert.Equal(new LinePosition(8, 24), where.StartLinePosition);
        Assert.Equal("Register", source.Substring(reported.Location.SourceSpan.Start, reported.Location.SourceSpan.Length));

        Assert.Empty(run.Sources);
        Assert.Contains(run.Output.GetDiagnostics(), static d => d.Id == "CS0751");
        Assert.Equal(
            ["CHIME011", "CHIME012"],
            (await GeneratorHarness.AnalyzeAsync(source)).Select(static d => d.Id).Where(static id => id.StartsWith("CHIME", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_method_with_two_span_attributes_in_a_type_that_is_not_partial_gets_one_CHIME002()
    {
        // Read once by each attribute's pipeline, reported once.
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public class Registrar
            {
                [Operate("register", ResourceType = "event")]
                [ChildSpan("register")]
                public partial void {|CHIME002:{|CHIME003:Register|}|}([ResourceName] string eventId);
                private void RegisterCore(string eventId) { }
            }
            """);
    }

    [Fact]
    public async Task A_method_with_a_body_in_a_type_that_is_not_partial_is_left_to_the_analyzer()
    {
        // Valid C#: the compiler stops nothing, so the analyzer reports both, in the user's own file and with #pragma honoured.
        string source = Usings + """
            public class Registrar
            {
                [ChildSpan("step")]
                public void Step() { }
            }
            """;
        await DiagnosticVerifier.VerifyAsync(source.Replace("public void Step()", "public void {|CHIME001:{|CHIME002:Step|}|}()", StringComparison.Ordinal));
        Assert.Empty(GeneratorHarness.Run(source).GeneratorDiagnostics);
    }

    [Fact]
    public async Task An_async_void_declaration_is_reported_once_with_what_to_do_about_it_and_its_core()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Alerts
            {
                [Operate("fire", ResourceType = "event")]
                public async partial void {|CHIME013:Fire|}([ResourceName] string eventId);
                private async void FireCore(string eventId) => await Task.Yield();
            }
            """);
        Assert.Equal(
            "Method 'Fire' is declared 'async void': a partial declaration has no body to be async, and the completion of 'async void' cannot be observed; declare it 'partial Task' without 'async', and make 'FireCore' an async method returning Task; instrumented methods return void, a value, Task, Task<T>, ValueTask or ValueTask<T>",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_async_task_declaration_is_reported_by_the_generator()
    {
        string source = Usings + """
            public partial class Alerts
            {
                [Operate("fire", ResourceType = "event")]
                public async partial Task {|CHIME013:FireAsync|}([ResourceName] string eventId);
                private async Task FireAsyncCore(string eventId) => await Task.Yield();
            }
            """;
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(source);
        Assert.Equal(
            "Method 'FireAsync' is declared 'async': a partial declaration has no body to be async; remove 'async' here and make 'FireAsyncCore' async instead; instrumented methods return void, a value, Task, Task<T>, ValueTask or ValueTask<T>",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains(GeneratorHarness.Run(source.Replace("{|CHIME013:FireAsync|}", "FireAsync", StringComparison.Ordinal)).GeneratorDiagnostics, static d => d.Id == "CHIME013");
    }

    [Fact]
    public async Task A_partial_body_without_a_declaration_is_reported_by_the_generator()
    {
        string source = Usings + """
            public partial class Registrar
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string eventId) { }
            }
            """;
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(source.Replace("void Register(", "void {|CHIME001:Register|}(", StringComparison.Ordinal));
        Assert.Equal(
            "Method 'Register' has [Operate] but is not a partial declaration without a body; declare it as 'partial' without a body and put the body in 'RegisterCore'",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));

        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Equal("CHIME001", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Contains(run.Output.GetDiagnostics(), static d => d.Id == "CS0759");
    }

    [Fact]
    public async Task A_partial_method_implemented_by_hand_is_left_to_the_analyzer()
    {
        // Valid C# (CHIME001 only says the body is not instrumented): nothing stops the build before the analyzers.
        string source = Usings + """
            public partial class Registrar
            {
                [ChildSpan("step")]
                public partial void Step();

                public partial void Step() { }
            }
            """;
        await DiagnosticVerifier.VerifyAsync(source.Replace("public partial void Step();", "public partial void {|CHIME001:Step|}();", StringComparison.Ordinal));
        Assert.Empty(GeneratorHarness.Run(source).GeneratorDiagnostics);
    }

    [Fact]
    public async Task A_file_local_type_is_named_by_the_generator_even_where_the_compiler_would_accept_the_method()
    {
        // Without an accessibility modifier a void partial method may stay unimplemented (no CS8795), but it is never
        // instrumented: CHIME021 still says why, once, from the generator.
        string source = Usings + """
            file partial class Registrar
            {
                [ChildSpan("step")]
                partial void Step();
                private void StepCore() { }
            }
            """;
        await DiagnosticVerifier.VerifyAsync(source.Replace("partial void Step();", "partial void {|CHIME021:Step|}();", StringComparison.Ordinal));
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Equal("CHIME021", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Empty(run.Output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));
    }
}
