using ChimeLogger.Package.Tests.Infrastructure;

namespace ChimeLogger.Package.Tests;

/// <summary>
/// The packages a consumer references: ChimeLogger restores from a folder feed into a fresh project, the generator
/// instruments an [Operate] method, the program emits the span, and misuse fails the build with a ChimeLogger
/// diagnostic; with ChimeLogger.Testing, a fresh xunit project tests its generated method against TestHerald.
/// </summary>
public sealed class PackageConsumerTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    private const string WorkingProgram = """
        using System.Diagnostics;
        using ChimeLogger;
        using OpenTelemetry.Trace;

        List<Activity> spans = new();
        using (ChimeTracer tracer = ChimeTelemetry.Setup("package-test", options =>
        {
            options.OtlpExportEnabled = false;
            options.FileLogEnabled = false;
            options.ConfigureTracing = tracing => tracing.AddInMemoryExporter(spans);
        }))
        {
            new Registrar().Register("evt-42");
        }

        foreach (Activity span in spans)
        {
            Console.WriteLine($"span {span.DisplayName} " + string.Join(" ", span.Tags.Select(t => t.Key + "=" + t.Value)));
        }

        partial class Registrar
        {
            [Operate("register", ResourceType = "event")]
            public partial void Register([ResourceName] string eventId);

            private void RegisterCore(string eventId, HelixToken token) =>
                Console.WriteLine($"core {eventId} recording={token.IsRecording}");
        }
        """;

    private const string MisusingProgram = """
        using ChimeLogger;

        new Stage().Make("evt-1");

        partial class Stage
        {
            [Create("make")]
            public partial void Make(string id);

            private void MakeCore(string id) { }
        }
        """;

    private const string HeraldTests = """
        using ChimeLogger;
        using ChimeLogger.Testing;
        using Xunit;

        public partial class Registrar
        {
            [Operate("register", ResourceType = "event")]
            public partial void Register([ResourceName] string eventId);

            private void RegisterCore(string eventId, HelixToken token) =>
                token.AddEvent("helix.event.registered", new Dictionary<string, object?> { ["catalog"] = "chime-frb" });
        }

        public class RegistrarTests
        {
            [Fact]
            public void Register_records_an_operation_on_the_event()
            {
                using TestHerald herald = TestHerald.Start(pipeline: "package-test");

                new Registrar().Register("evt-42");
                herald.Flush();

                HeraldEntity entity = herald.ShouldHaveEntity("evt-42");
                Assert.True(entity.IsPlaceholder);
                Assert.Equal("package-test", entity.ShouldHaveOperation("register").Metadata["chime.pipeline"]);
                entity.ShouldHaveEvent("helix.event.registered", new Dictionary<string, object?> { ["catalog"] = "chime-frb" });
                entity.ShouldNotHaveError();
            }

            [Fact]
            public void A_failed_expectation_shows_what_the_herald_would_have()
            {
                using TestHerald herald = TestHerald.Start(pipeline: "package-test");

                new Registrar().Register("evt-43");

                HeraldAssertionException failure = Assert.Throws<HeraldAssertionException>(() => herald.Entity("evt-43").ShouldHaveOperation("classify"));
                Assert.Contains("Expected entity 'evt-43' to have an operation 'classify', but its operations are register.", failure.Message);
                Assert.Contains("operation register  ok  [helix.event.registered]", failure.Message);
            }
        }
        """;

    [Fact]
    public async Task A_fresh_project_restores_builds_and_runs_an_instrumented_method()
    {
        using ConsumerProject consumer = ConsumerProject.Create(package, WorkingProgram);

        (int buildExit, string buildOutput) = await consumer.BuildAsync();
        Assert.True(buildExit == 0, $"build failed:\n{buildOutput}");
        Assert.DoesNotContain("warning CHIME", buildOutput, StringComparison.Ordinal);

        // The compiler loaded the generator (and found nothing it could not load in the code-fix assembly: CS8032/CS8033).
        Assert.DoesNotContain("CS8032", buildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8033", buildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8784", buildOutput, StringComparison.Ordinal);

        // The consumer got both analyzer assemblies from the package: the IDE offers the code fixes from the second.
        string assets = File.ReadAllText(Path.Combine(consumer.Directory, "obj", "project.assets.json"));
        Assert.Contains("analyzers/dotnet/cs/ChimeLogger.Generators.dll", assets, StringComparison.Ordinal);
        Assert.Contains("analyzers/dotnet/cs/ChimeLogger.CodeFixes.dll", assets, StringComparison.Ordinal);

        (int runExit, string runOutput) = await consumer.RunAsync();
        Assert.True(runExit == 0, $"run failed:\n{runOutput}");
        Assert.Contains("core evt-42 recording=True", runOutput, StringComparison.Ordinal);
        Assert.Contains("span register ", runOutput, StringComparison.Ordinal);
        Assert.Contains("helix.entity.id=evt-42", runOutput, StringComparison.Ordinal);
        Assert.Contains("helix.entity.is_operation=true", runOutput, StringComparison.Ordinal);
        Assert.Contains("chime.resource_type=event", runOutput, StringComparison.Ordinal);
        Assert.Contains("chime.pipeline=package-test", runOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_xunit_project_tests_a_generated_operate_method_with_TestHerald()
    {
        using ConsumerProject consumer = ConsumerProject.CreateTests(package, HeraldTests);

        (int exitCode, string output) = await consumer.TestAsync();

        Assert.True(exitCode == 0, $"dotnet test failed:\n{output}");
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+2,", output);
        Assert.DoesNotContain("warning CHIME", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Misuse_in_a_fresh_project_fails_the_build_with_the_diagnostic()
    {
        using ConsumerProject consumer = ConsumerProject.Create(package, MisusingProgram);

        (int exitCode, string output) = await consumer.BuildAsync();

        Assert.NotEqual(0, exitCode);
        Assert.True(output.Contains("error CHIME004: Method", StringComparison.Ordinal), output);
        Assert.Contains("error CHIME004: Method 'Make' creates an entity but has no [ResourceName] parameter", output, StringComparison.Ordinal);
        Assert.Contains("warning CHIME011", output, StringComparison.Ordinal);
    }

}
