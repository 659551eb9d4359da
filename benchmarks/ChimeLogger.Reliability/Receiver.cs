using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace ChimeLogger.Reliability;

/// <summary>tools/ChimeLogger.CountingReceiver as a child process on a fixed port, killed by process id and started again.</summary>
internal sealed class Receiver : IDisposable
{
    private static readonly string s_dll = Path.GetFullPath(typeof(Receiver).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ChimeLogger.CountingReceiverPath").Value!);

    private Process? _process;

    public Receiver(string recordFile)
    {
        RecordFile = recordFile;
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public string RecordFile { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public int? ProcessId => _process?.Id;

    public void Start()
    {
        for (int attempt = 1; ; attempt++)
        {
            ProcessStartInfo start = new("dotnet")
            {
                ArgumentList = { s_dll, "--port", Port.ToString(CultureInfo.InvariantCulture), "--record", RecordFile },
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            Process process = Process.Start(start)!;
            Task<string?> line = process.StandardOutput.ReadLineAsync();
            if (line.Wait(TimeSpan.FromSeconds(60)) && line.Result?.StartsWith("listening", StringComparison.Ordinal) == true)
            {
                _process = process;
                return;
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            if (attempt == 10)
            {
                throw new InvalidOperationException($"The counting receiver did not start on port {Port}.");
            }

            Thread.Sleep(300);
        }
    }

    /// <summary>SIGKILL by process id.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();

    /// <summary>Span and log ids the receiver acknowledged, with how many times each, for ids starting with <paramref name="prefix"/>.</summary>
    public (Dictionary<string, int> Spans, Dictionary<string, int> Logs) Received(string prefix)
    {
        Dictionary<string, int> spans = new(StringComparer.Ordinal);
        Dictionary<string, int> logs = new(StringComparer.Ordinal);
        if (!File.Exists(RecordFile))
        {
            return (spans, logs);
        }

        using FileStream stream = new(RecordFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using StreamReader reader = new(stream);
        while (reader.ReadLine() is { } line)
        {
            (Dictionary<string, int> target, string id) = line.StartsWith("span ", StringComparison.Ordinal) ? (spans, line[5..]) : (logs, line[4..]);
            if (id.StartsWith(prefix, StringComparison.Ordinal))
            {
                target[id] = target.GetValueOrDefault(id) + 1;
            }
        }

        return (spans, logs);
    }
}
