using Microsoft.Extensions.Logging;

namespace ChimeLogger.Tests.Logging;

/// <summary>
/// A console app without a console logger still sees ChimeLogger's own warnings: they go to standard error as
/// <c>WARNING ChimeLogger: ...</c>, and nothing else does (not its information, not the app's own categories).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class StandardErrorWarningTests
{
    [Fact]
    public void Only_ChimeLogger_warnings_and_errors_reach_standard_error_with_their_level()
    {
        TextWriter previous = Console.Error;
        using StringWriter standardError = new();
        Console.SetError(standardError);
        try
        {
            using (TelemetryHarness harness = new())
            {
                using (HelixToken operate = harness.Tracer.Operate("classify", "event-1", "event"))
                {
                    operate.AddEvent("classified");
                }

                ILogger own = harness.Tracer.CreateLogger("ChimeLogger");
                own.LogInformation("an information of ChimeLogger");
                own.LogError("an error of ChimeLogger");
                harness.Tracer.CreateLogger("CHIME.l1").LogWarning("a warning of the pipeline");
            }
        }
        finally
        {
            Console.SetError(previous);
        }

        string[] lines = standardError.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("WARNING ChimeLogger: Event 'classified' does not start with 'helix.'", lines[0], StringComparison.Ordinal);
        Assert.Equal("ERROR ChimeLogger: an error of ChimeLogger", lines[1]);
    }
}
