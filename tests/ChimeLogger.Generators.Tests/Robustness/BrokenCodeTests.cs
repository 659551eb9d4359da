using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace ChimeLogger.Generators.Tests.Robustness;

/// <summary>The generator never throws (CS8785) and the analyzers never crash (AD0001), whatever the user has typed so far.</summary>
public class BrokenCodeTests
{
    public static TheoryData<string> BrokenSources() => new()
    {
        // Half-typed declaration.
        "using ChimeLogger; public partial class P { [Operate(\"x\", ResourceType = \"t\")] public partial void Run([ResourceName] string id",
        // Attribute without its argument.
        "using ChimeLogger; public partial class P { [Operate] public partial void Run([ResourceName] string id); private void RunCore(string id) { } }",
        // Attribute argument of the wrong type.
        "using ChimeLogger; public partial class P { [Create(42, ResourceType = null)] public partial void Run([ResourceName(7)] string id); private void RunCore(string id) { } }",
        // Unknown types everywhere.
        "using ChimeLogger; public partial class P { [Create(\"s\", ResourceType = \"t\")] public partial Missing Run([ResourceName(\"Id\")] Unknown id, [Parents] Nope p); private Missing RunCore(Unknown id, Nope p) => default; }",
        // Core with unknown parameter types and a generic arity mismatch.
        "using ChimeLogger; public partial class P { [ChildSpan(\"c\")] public partial T Run<T>(T value); private T RunCore<T, U>(T value, Nope n) => value; }",
        // Method in an interface, a delegate-typed parameter, a local function with the attribute.
        "using ChimeLogger; public partial interface I { [ChildSpan(\"c\")] partial void Run(System.Action a); } public partial class P { void M() { [ChildSpan(\"l\")] void Local() { } } }",
        // Attribute on a non-method, duplicated attribute, unbalanced braces.
        "using ChimeLogger; [Operate(\"x\")] public partial class P { [Operate(\"a\"), Operate(\"b\")] public partial void Run(); private void RunCore() { } ",
        // Attributes on a half-typed lambda, accessor and operator.
        "using ChimeLogger; public partial class P { int X { [ChildSpan(\"g\")] get => ; } public static P operator +([Create(] P a, P b) => a; void M() { var f = [Create(\"l\")] (int x) => ; } }",
        // A file-local type, a variant interface with an unknown constraint, a Core in a base class that does not exist.
        "using ChimeLogger; file partial class F { [ChildSpan(\"c\")] public partial void Run(); } public partial interface I<out T> where T : Nope { [ChildSpan(\"c\")] public partial T Make(); } public partial class D : MissingBase { [ChildSpan(\"c\")] public partial void Run(); }",
        // Generic Core with broken constraints, parents of an unknown type parameter constraint, reserved and broken span keys.
        "using ChimeLogger; public partial class P { [Create(\"s\", ResourceType = \"t\")] public partial void Run<T>([ResourceName] string id, [Parents] T p, [SpanAttribute(\"helix.entity.id\")] int a, [SpanAttribute(null)] int b, [SpanAttribute(3)] int c) where T : Nope<string>; private void RunCore<T>(string id, T p, int a, int b, int c) where T : struct, Nope { } }",
        // Top-level statements and a static local.
        "using ChimeLogger; System.Console.WriteLine(1); partial class Program { [ChildSpan(\"c\")] static partial void Run(); static void RunCore() { } }",
        // Methods outside any type, which the compiler places in an implicit "<invalid-global-code>" class.
        "using ChimeLogger; namespace N { [ChildSpan(\"c\")] public partial void Run(); private void RunCore() { } [Operate(\"o\", ResourceType = \"t\")] public partial void Go([ResourceName] string id); private void GoCore(string id) { } }",
    };

    [Theory]
    [MemberData(nameof(BrokenSources))]
    public async Task The_generator_and_analyzers_survive_broken_code(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.All(run.Result.Results, static r => Assert.Null(r.Exception));
        Assert.DoesNotContain(run.GeneratorDiagnostics, static d => d.Id == "CS8785");
        Assert.DoesNotContain(run.Output.GetDiagnostics(), static d => d.Id == "CS8785");
        IEnumerable<Diagnostic> analyzerDiagnostics = await GeneratorHarness.AnalyzeAsync(source);
        Assert.DoesNotContain(analyzerDiagnostics, static d => d.Id == "AD0001");
    }
}
