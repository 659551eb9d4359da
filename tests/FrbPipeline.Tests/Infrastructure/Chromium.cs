using PuppeteerSharp;

namespace FrbPipeline.Tests.Infrastructure;

/// <summary>
/// Debian's headless Chromium, driven over the DevTools protocol: the browser a person would open the pages in. The
/// tests download no browser of their own; <c>.ci/run</c> installs the <c>chromium</c> package when it is missing.
/// </summary>
internal static class Chromium
{
    /// <summary>Points at another Chromium executable than <c>/usr/bin/chromium</c>.</summary>
    public const string PathVariable = "CHROMIUM_PATH";

    // As root on a machine with no network but loopback: no sandbox, no GPU, no background connections.
    private static readonly string[] s_flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Starts a headless Chromium with a fresh profile in <paramref name="profileDirectory"/>.</summary>
    /// <exception cref="FileNotFoundException">Chromium is not installed; the message says how to install it.</exception>
    public static async Task<IBrowser> LaunchAsync(string profileDirectory)
    {
        string executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                $"Chromium was not found at '{executable}': install Debian's package (apt-get install chromium; .ci/run does) " +
                $"or set {PathVariable} to a Chromium executable.", executable);
        }

        Directory.CreateDirectory(profileDirectory);
        return await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            UserDataDir = profileDirectory,
            Args = s_flags,
            Timeout = 60_000,
        });
    }
}
