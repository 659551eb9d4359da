using System.Diagnostics;

namespace ChimeLogger.Benchmarks.Interleaved;

/// <summary>Runs this benchmark program again in a process of its own, for measurements that need a fresh process each time.</summary>
internal static class ChildProcess
{
    /// <summary>Runs the program with <paramref name="arguments"/> and returns the last line it printed that starts with <paramref name="prefix"/>.</summary>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, string prefix, TimeSpan timeout)
    {
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);

        // The child's telemetry goes where its arguments say, never to an endpoint or credential of this machine's environment.
        foreach (string name in start.Environment.Keys.Where(static name =>
                     name.StartsWith("HERALD_", StringComparison.Ordinal) || name.StartsWith("CHIME_LOGGER_", StringComparison.Ordinal) || name == "LOGS_ENDPOINT").ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the child process.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource limit = new(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The child process '{string.Join(' ', arguments)}' did not finish within {timeout.TotalSeconds:F0} s.");
        }

        string text = await output.ConfigureAwait(false);
        string? line = text.Split('\n').Select(static l => l.Trim()).LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException(
                $"The child process '{string.Join(' ', arguments)}' exited with {process.ExitCode} without a '{prefix}' line: {await errors.ConfigureAwait(false)}{text}");
        }

        return line[prefix.Length..].Trim();
    }
}
