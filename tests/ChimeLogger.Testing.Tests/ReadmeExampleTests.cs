using ChimeLogger.Testing.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Testing.Tests;

/// <summary>The README's complete test, as written there, and the failure message it shows.</summary>
public partial class Converter(ILogger log)
{
    [Operate("convert-filterbank", ResourceType = "event")]
    public partial void Convert([ResourceName] string eventId);

    private void ConvertCore(string eventId, HelixToken token)
    {
        log.LogWarning("Header of {EventId} is corrupt", eventId);
        token.Error(new Dictionary<string, object?> { ["message"] = "conversion_failed", ["stage"] = "convert-filterbank", ["detail"] = "bad header" });
    }
}

[Collection(HeraldAloneCollection.Name)] // its pipeline differs from the parallel classes'
public class ConverterTests
{
    [Fact]
    public void A_failed_conversion_marks_the_event_with_its_stage()
    {
        using TestHerald herald = TestHerald.Start(pipeline: "frb-l4");
        herald.Tracer.Create("l2-event", "evt-1", "event", parents: ["beam-1", "beam-2"]).Complete();

        new Converter(herald.Tracer.CreateLogger("CHIME.convert")).Convert("evt-1");
        herald.Flush();

        HeraldEntity evt = herald.ShouldHaveEntity("evt-1");
        Assert.True(evt.HasError);
        evt.ShouldHaveParents("beam-1", "beam-2");
        evt.ShouldHaveOperation("convert-filterbank", failed: true);
        evt.ShouldHaveError(message: "conversion_failed", stage: "convert-filterbank");
        evt.ShouldHaveLog("is corrupt", level: "WARNING");
    }

    [Fact]
    public void The_failure_shown_in_the_readme_is_the_one_thrown()
    {
        using TestHerald herald = TestHerald.Start(pipeline: "frb-l4");
        herald.Tracer.Create("l2-event", "evt-1", "event", parents: ["beam-1", "beam-2"]).Complete();
        new Converter(herald.Tracer.CreateLogger("CHIME.convert")).Convert("evt-1");

        HeraldAssertionException failure = Assert.Throws<HeraldAssertionException>(() => herald.Entity("evt-1").ShouldHaveOperation("register"));

        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings();
        string shown = readme[(readme.IndexOf("Expected entity 'evt-1' to have an operation 'register'", StringComparison.Ordinal))..];
        shown = shown[..shown.IndexOf("```", StringComparison.Ordinal)].TrimEnd();
        Assert.Equal(shown, failure.Message.ReplaceLineEndings().TrimEnd());
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChimeLogger.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("ChimeLogger.sln not found above " + AppContext.BaseDirectory);
    }
}
