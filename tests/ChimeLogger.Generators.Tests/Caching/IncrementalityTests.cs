using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static ChimeLogger.Generators.Tests.Infrastructure.UserCode;

namespace ChimeLogger.Generators.Tests.Caching;

/// <summary>
/// An edit that does not touch an instrumented method leaves every step of the generator Cached or Unchanged,
/// and no step output holds a Compilation, a symbol, a syntax node or a location.
/// </summary>
public class IncrementalityTests
{
    private const string Pipeline = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using ChimeLogger;

        namespace Chime;

        public partial class Pipeline
        {
            [Operate("register", ResourceType = "event")]
            public partial void Register([ResourceName] string eventId);

            [Create("l1-search", ResourceType = "n2_acquisition")]
            public partial Task<int> SearchAsync([ResourceName] string beamId, [Parents] IReadOnlyList<string> blockIds);

            [ChildSpan("lookup")]
            private partial int Lookup(int key);

            private void RegisterCore(string eventId) { System.Console.WriteLine(eventId); }

            private Task<int> SearchAsyncCore(string beamId, IReadOnlyList<string> blockIds) => Task.FromResult(1);

            private int LookupCore(int key) => key;
        }
        """;

    private const string Other = """
        namespace Chime;

        public static class Helpers
        {
            public static int Twice(int value) => value * 2;
        }
        """;

    private static readonly string[] s_trackingNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(static f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_step_cached() =>
        AssertCachedAfter(static compilation => compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Chime; public sealed class Unrelated { public int Value { get; set; } }", GeneratorHarness.ParseOptions, path: "Unrelated.cs")));

    [Fact]
    public void Editing_another_file_leaves_every_step_cached() =>
        AssertCachedAfter(static compilation => ReplaceIn(compilation, "Source1.cs", "value * 2", "value + value"));

    [Fact]
    public void Editing_a_core_method_body_leaves_every_step_cached() =>
        AssertCachedAfter(static compilation => ReplaceIn(compilation, "Source0.cs", "System.Console.WriteLine(eventId);", "System.Console.WriteLine(eventId.Length);"));

    [Fact]
    public void Adding_a_comment_leaves_every_step_cached() =>
        AssertCachedAfter(static compilation => ReplaceIn(compilation, "Source0.cs", "public partial class Pipeline", "// The pipeline.\npublic partial class Pipeline"));

    [Fact]
    public void Changing_an_attribute_regenerates_the_type()
    {
        (GeneratorDriverRunResult _, GeneratorDriverRunResult second) = RunTwice(static compilation =>
            ReplaceIn(compilation, "Source0.cs", "\"lookup\"", "\"catalog-lookup\""));

        IncrementalGeneratorRunStep[] types = second.Results[0].TrackedSteps[TrackingNames.InstrumentedTypes].ToArray();
        Assert.Contains(types.SelectMany(static s => s.Outputs), static o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("catalog-lookup", second.Results[0].GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Step_outputs_hold_no_compilation_symbol_syntax_or_location()
    {
        (GeneratorDriverRunResult first, GeneratorDriverRunResult second) = RunTwice(static compilation =>
            compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Extra { }", GeneratorHarness.ParseOptions, path: "Extra.cs")));

        foreach (GeneratorDriverRunResult result in new[] { first, second })
        {
            GeneratorRunResult run = result.Results[0];
            Assert.Empty(run.Diagnostics);
            foreach ((string name, ImmutableArray<IncrementalGeneratorRunStep> steps) in run.TrackedSteps)
            {
                if (!s_trackingNames.Contains(name))
                {
                    continue;
                }

                foreach (IncrementalGeneratorRunStep step in steps)
                {
                    foreach ((object value, IncrementalStepRunReason _) in step.Outputs)
                    {
                        AssertNoCompilerObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                    }
                }
            }
        }
    }

    [Fact]
    public void A_diagnostic_the_generator_reports_is_held_as_a_value_and_reported_again_from_the_cache()
    {
        const string broken = """
            using ChimeLogger;

            namespace Chime;

            public class Alerts
            {
                [ChildSpan("fire")]
                public partial void Fire();
            }
            """;
        Compilation compilation = GeneratorHarness.Compile(Pipeline, Other, broken);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results[0];
        driver = driver.RunGenerators(ReplaceIn(compilation, "Source1.cs", "value * 2", "value + value"));
        GeneratorRunResult second = driver.GetRunResult().Results[0];

        foreach (GeneratorRunResult run in new[] { first, second })
        {
            Assert.Equal("CHIME002", Assert.Single(run.Diagnostics).Id);
            IncrementalGeneratorRunStep step = Assert.Single(run.TrackedSteps[TrackingNames.ReportedDiagnostics]);
            foreach ((object value, IncrementalStepRunReason _) in step.Outputs)
            {
                Assert.NotEmpty((IEnumerable)value);
                AssertNoCompilerObjects(value, TrackingNames.ReportedDiagnostics, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }

        Assert.All(second.TrackedSteps[TrackingNames.ReportedDiagnostics].SelectMany(static s => s.Outputs), static o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    private static void AssertCachedAfter(Func<Compilation, Compilation> edit)
    {
        (GeneratorDriverRunResult first, GeneratorDriverRunResult second) = RunTwice(edit);
        Assert.Single(first.Results[0].GeneratedSources);

        GeneratorRunResult run = second.Results[0];
        Assert.NotEmpty(run.TrackedSteps[TrackingNames.OperateMethods].SelectMany(static s => s.Outputs));
        Assert.NotEmpty(run.TrackedSteps[TrackingNames.InstrumentedTypes].SelectMany(static s => s.Outputs));
        foreach (string name in s_trackingNames)
        {
            Assert.True(run.TrackedSteps.ContainsKey(name), $"step '{name}' was not tracked");
            foreach (IncrementalGeneratorRunStep step in run.TrackedSteps[name])
            {
                foreach ((object _, IncrementalStepRunReason reason) in step.Outputs)
                {
                    Assert.True(
                        reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"step '{name}' output was {reason} after an unrelated edit");
                }
            }
        }

        foreach ((object _, IncrementalStepRunReason reason) in run.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs))
        {
            Assert.Equal(IncrementalStepRunReason.Cached, reason);
        }
    }

    private static (GeneratorDriverRunResult First, GeneratorDriverRunResult Second) RunTwice(Func<Compilation, Compilation> edit)
    {
        Compilation compilation = GeneratorHarness.Compile(Pipeline, Other);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorDriverRunResult first = driver.GetRunResult();
        driver = driver.RunGenerators(edit(compilation));
        return (first, driver.GetRunResult());
    }

    private static void AssertNoCompilerObjects(object? value, string step, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        Assert.False(value is Compilation or ISymbol or SyntaxNode or SyntaxTree or Location or SemanticModel,
            $"step '{step}' holds a {value.GetType().Name}, which keeps the whole compilation alive and defeats caching");

        if (value is IEnumerable sequence)
        {
            foreach (object? item in sequence)
            {
                AssertNoCompilerObjects(item, step, visited);
            }
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoCompilerObjects(field.GetValue(value), step, visited);
        }
    }
}
