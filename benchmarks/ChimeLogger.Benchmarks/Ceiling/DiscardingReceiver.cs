using System.Diagnostics;
using System.Globalization;

namespace ChimeLogger.Benchmarks.Ceiling;

/// <summary>
/// tools/ChimeLogger.CountingReceiver as a separate process: an OTLP/gRPC endpoint that answers every export with an
/// empty success at once and keeps only one line per item in a record file (<c>span &lt;entity id&gt;</c>,
/// <c>log &lt;resource name&gt;</c>). The measuring instrument of the export ceiling and of the burst: it stores no
/// telemetry, so what is measured is the exporting process.
/// </summary>
internal sealed class DiscardingReceiver : IDisposable
{
    private readonly Process _process;

    private DiscardingReceiver(Process process, Uri endpoint, string recordFile)
    {
        _process = process;
        Endpoint = endpoint;
        RecordFile = recordFile;
    }

    public Uri Endpoint { get; }

    public string RecordFile { get; }

    public int ProcessId => _process.Id;

    public static async Task<DiscardingReceiver> StartAsync(string repositoryRoot)
    {
        string dll = Path.Combine(repositoryRoot, "tools", "ChimeLogger.CountingReceiver", "bin", "Release", "net10.0", "ChimeLogger.CountingReceiver.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the benchmarks in Release (they build the receiver).");
        }

        string record = Path.Combine(Path.GetTempPath(), "chimelogger-ceiling-" + Guid.NewGuid().ToString("N")[..12] + ".txt");
        ProcessStartInfo start = new("dotnet")
        {
            ArgumentList = { dll, "--port", "0", "--record", record },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the counting receiver.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        Task<string?> line = process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(line, Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false) != line
            || line.Result is not { } listening || !listening.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException("The counting receiver did not start within a minute.");
        }

        return new DiscardingReceiver(process, new Uri(listening["listening ".Length..].Trim()), record);
    }

    /// <summary>How many spans and log records the receiver has acknowledged so far.</summary>
    public (long Spans, long Logs) Received()
    {
        long spans = 0, logs = 0;
        using FileStream stream = new(RecordFile, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using StreamReader reader = new(stream);
        while (reader.ReadLine() is { } line)
        {
            // "span" or "log", optionally followed by what identifies the item.
            if (line == "span" || line.StartsWith("span ", StringComparison.Ordinal))
            {
                spans++;
            }
            else if (line == "log" || line.StartsWith("log ", StringComparison.Ordinal))
            {
                logs++;
            }
        }

        return (spans, logs);
    }

    /// <summary>Waits until the receiver has acknowledged at least the given counts (the answer follows the record line).</summary>
    public async Task<(long Spans, long Logs)> WaitForAsync(long spans, long logs, TimeSpan timeout)
    {
        Stopwatch waited = Stopwatch.StartNew();
        (long Spans, long Logs) now = Received();
        while ((now.Spans < spans || now.Logs < logs) && waited.Elapsed < timeout)
        {
            await Task.Delay(100).ConfigureAwait(false);
            now = Received();
        }

        return now;
    }

    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Endpoint} (pid {ProcessId})");

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                File.Delete(RecordFile);
            }
            catch (IOException)
            {
                // Still open for a moment after the kill; the temp folder is cleaned eventually.
            }
        }
    }
}
