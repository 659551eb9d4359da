using System.Net;
using System.Net.Sockets;

namespace ChimeLogger.IntegrationTests.Infrastructure;

/// <summary>Options every test starts from, so that the machine's environment and working folder stay out of it.</summary>
internal static class TestSetup
{
    /// <summary>A pipeline name no other test uses; it makes the service name (<c>chime.&lt;pipeline&gt;</c>) unique in the shared receiver.</summary>
    public static string UniquePipeline(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A loopback port nothing listens on, for a herald or collector that is down (connections are refused).</summary>
    public static int ClosedPort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Ignores the environment, writes the file log under <paramref name="directory"/>, exports traces to
    /// <paramref name="heraldEndpoint"/> and logs to <paramref name="logsEndpoint"/>.
    /// </summary>
    public static void Isolate(ChimeLoggerOptions options, TempDirectory directory, Uri heraldEndpoint, Uri logsEndpoint)
    {
        options.EnvironmentReader = _ => null;
        options.FileLogPath = directory.PathOf("chime_pipeline.log");
        options.HeraldEndpoint = heraldEndpoint.ToString();
        options.LogsEndpoint = logsEndpoint.ToString();
        options.ShutdownTimeout = TimeSpan.FromSeconds(10);
    }
}

/// <summary>A folder under the system temp path, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chimelogger-it-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The text of every file in the folder (the file log and its rolled files).</summary>
    public string ReadAllText() => string.Join(
        Environment.NewLine,
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories).Order().Select(file =>
        {
            using FileStream stream = new(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using StreamReader reader = new(stream);
            return reader.ReadToEnd();
        }));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file the sink still holds; the system temp folder is cleaned eventually.
        }
    }
}
