using System.Diagnostics;
using System.Reflection;

namespace ChimeLogger.IntegrationTests.Infrastructure;

/// <summary>
/// tools/ChimeLogger.CountingReceiver run as its own process on a fixed loopback port: it answers every OTLP/gRPC
/// export and appends the entity id of each span (and the resource name of each log record) to a record file that
/// outlives it. <see cref="Kill"/> ends it by process id (SIGKILL), as an outage would; <see cref="StartAsync"/> on the
/// same port and file brings it back.
/// </summary>
internal sealed class CountingReceiverProcess : IDisposable
{
    private readonly Process _process;

    private CountingReceiverProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <param name="port">The loopback port.</param>
    /// <param name="recordFile">The record file (appended to).</param>
    /// <param name="options">More arguments: <c>--herald-writes</c> to write spans as the herald does (<see cref="HeraldRows"/>).</param>
    public static async Task<CountingReceiverProcess> StartAsync(int port, string recordFile, params string[] options)
    {
        string dll = typeof(CountingReceiverProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ChimeLogger.CountingReceiverPath").Value!;
        // A port just freed by a killed receiver can take a moment to be usable again: a few bounded attempts.
        for (int attempt = 1; ; attempt++)
        {
            ProcessStartInfo start = new("dotnet")
            {
                ArgumentList = { Path.GetFullPath(dll), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--record", recordFile },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string option in options)
            {
                start.ArgumentList.Add(option);
            }

            Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the counting receiver.");
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            Task<string?> line = process.StandardOutput.ReadLineAsync();
            if (await Task.WhenAny(line, Task.Delay(TimeSpan.FromSeconds(60))) == line && line.Result?.StartsWith("listening", StringComparison.Ordinal) == true)
            {
                return new CountingReceiverProcess(process, port);
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            process.Dispose();
            if (attempt >= 10)
            {
                throw new InvalidOperationException($"The counting receiver did not start on port {port}.");
            }

            await Task.Delay(300);
        }
    }

    /// <summary>Kills the receiver by its process id (SIGKILL) and waits for it to be gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        if (!_process.WaitForExit(10_000))
        {
            throw new InvalidOperationException($"The counting receiver (pid {_process.Id}) did not exit after being killed.");
        }
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}

/// <summary>What a counting receiver's record file says: the ids of the spans and log records it acknowledged.</summary>
internal sealed record ReceivedItems(IReadOnlyList<string> SpanIds, IReadOnlyList<string> LogIds)
{
    public static ReceivedItems Read(string recordFile)
    {
        if (!File.Exists(recordFile))
        {
            return new ReceivedItems([], []);
        }

        using FileStream stream = new(recordFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using StreamReader reader = new(stream);
        List<string> spans = [];
        List<string> logs = [];
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("span ", StringComparison.Ordinal))
            {
                spans.Add(line[5..]);
            }
            else if (line.StartsWith("log ", StringComparison.Ordinal))
            {
                logs.Add(line[4..]);
            }
        }

        return new ReceivedItems(spans, logs);
    }

    /// <summary>The items whose id starts with <paramref name="prefix"/>.</summary>
    public ReceivedItems Of(string prefix) => new(
        SpanIds.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).ToArray(),
        LogIds.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).ToArray());

    /// <summary>Polls the file until <paramref name="done"/> holds or the time is up; returns what it last read.</summary>
    public static async Task<ReceivedItems> WaitAsync(string recordFile, Func<ReceivedItems, bool> done, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            ReceivedItems items = Read(recordFile);
            if (done(items) || DateTime.UtcNow > deadline)
            {
                return items;
            }

            await Task.Delay(100);
        }
    }
}
