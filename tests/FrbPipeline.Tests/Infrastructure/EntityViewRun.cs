using System.Text.RegularExpressions;
using ChimeLogger.Testing;
using PuppeteerSharp;

namespace FrbPipeline.Tests.Infrastructure;

/// <summary>
/// One real run of the sample with its local receiver and entity view, kept up (as a user leaves it, until Ctrl+C)
/// while the tests look at the pages in Chromium; and what <see cref="TestHerald"/> projects from the same run
/// (same seed, same events) done in this process, which the pages are checked against.
/// </summary>
public sealed partial class EntityViewRun : IAsyncLifetime
{
    public const int Seed = 4243;
    public const int Events = 6;

    private SampleProcess? _sample;

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "frb-entity-view-" + Guid.NewGuid().ToString("N"));

    public Uri OtlpGrpc { get; private set; } = null!;

    public Uri TracesUi { get; private set; } = null!;

    public Uri EntityView { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>What the herald would store from this run, projected by TestHerald in this process.</summary>
    public HeraldModel Expected { get; private set; } = null!;

    public string Output => _sample?.Output ?? "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDirectory);
        _sample = SampleProcess.Start(
            WorkDirectory,
            new Dictionary<string, string>(),
            "--seed", Seed.ToString(), "--events", Events.ToString(), "--ui-port", "0", "--entities-port", "0");
        string up = await _sample.WaitForLineAsync("Receiver up:", TimeSpan.FromMinutes(2));
        Match addresses = ReceiverLine().Match(up);
        Assert.True(addresses.Success, "unexpected receiver line: " + up);
        OtlpGrpc = new Uri(addresses.Groups["otlp"].Value);
        TracesUi = new Uri(addresses.Groups["ui"].Value);
        EntityView = new Uri(addresses.Groups["entities"].Value);
        await _sample.WaitForLineAsync("The receiver stays up until Ctrl+C.", TimeSpan.FromMinutes(3));

        Browser = await Chromium.LaunchAsync(Path.Combine(WorkDirectory, "chromium-profile"));

        using TestHerald herald = TestHerald.Start(pipeline: "frb-realtime");
        await new PipelineRun(herald.Tracer, Events, Seed).RunAsync(CancellationToken.None);
        Assert.True(herald.Flush(), "the test herald did not flush");
        Expected = herald.Model;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
            Browser.Dispose();
        }

        if (_sample is not null)
        {
            try
            {
                // Ctrl+C, as the sample says, ends it and its receiver cleanly.
                int exitCode = await _sample.InterruptAsync(TimeSpan.FromSeconds(30));
                Assert.True(exitCode == 0, $"the sample ended with {exitCode} after Ctrl+C:\n{_sample.Output}");
            }
            finally
            {
                await _sample.DisposeAsync();
            }
        }

        Directory.Delete(WorkDirectory, recursive: true);
    }

    /// <summary>A new browser tab of 1400 x 1000 CSS pixels.</summary>
    public async Task<IPage> NewPageAsync()
    {
        IPage page = await Browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 1000 });
        return page;
    }

    [GeneratedRegex(@"Receiver up: OTLP/gRPC at (?<otlp>\S+), web UI at (?<ui>\S+), entity view at (?<entities>\S+)$")]
    private static partial Regex ReceiverLine();
}
