using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace FrbPipeline.Tests.Infrastructure;

/// <summary>
/// The sample run as its own process, as a user runs it, whose output is read while it runs: for the runs that keep
/// their receiver up until Ctrl+C, which the test then sends (SIGINT).
/// </summary>
internal sealed class SampleProcess : IAsyncDisposable
{
    // Variables of the test's own environment that would change where the sample exports or what it is called.
    private static readonly string[] s_cleared =
        ["HERALD_ENDPOINT", "LOGS_ENDPOINT", "HERALD_INSECURE", "HERALD_CREDENTIAL", "HERALD_AUTH_ENDPOINT", "CHIME_LOGGER_PIPELINE_NAME", "CHIME_LOGGER_FILE_LOG_PATH"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private SampleProcess(Process process) => _process = process;

    /// <summary>Everything the sample wrote so far, standard output and error interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet FrbPipeline.dll</c> in <paramref name="workDirectory"/>, site <c>kko</c>, with <paramref name="environment"/> on top.</summary>
    public static SampleProcess Start(string workDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ProcessStartInfo start = new("dotnet")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FrbPipeline.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (string name in s_cleared)
        {
            start.Environment.Remove(name);
        }

        start.Environment["CHIME_LOGGER_SITE"] = "kko";
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        SampleProcess sample = new(new Process { StartInfo = start });
        sample._process.OutputDataReceived += (_, line) => sample.Append(line.Data);
        sample._process.ErrorDataReceived += (_, line) => sample.Append(line.Data);
        sample._process.Start();
        sample._process.BeginOutputReadLine();
        sample._process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>Runs the sample to its end (within 3 minutes) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using SampleProcess sample = Start(workDirectory, environment, args);
        using CancellationTokenSource limit = new(TimeSpan.FromMinutes(3));
        try
        {
            await sample._process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The sample did not finish in 3 minutes:\n" + sample.Output);
        }

        sample._process.WaitForExit(); // the last output lines
        return (sample._process.ExitCode, sample.Output);
    }

    /// <summary>Waits until the sample has written a line that contains <paramref name="text"/>, and returns that line.</summary>
    /// <exception cref="TimeoutException">The sample exited or took longer than <paramref name="timeout"/>; the message quotes its output.</exception>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            string? line = Output.Split('\n').FirstOrDefault(candidate => candidate.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line.TrimEnd('\r');
            }

            if (_process.HasExited || waited.Elapsed > timeout)
            {
                string state = _process.HasExited ? $"exited with code {_process.ExitCode}" : $"is still running after {timeout.TotalSeconds} s";
                throw new TimeoutException($"The sample {state} without writing '{text}'. Its output:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sends Ctrl+C (SIGINT) and waits for the sample to exit; returns its exit code.</summary>
    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        if (!_process.HasExited && Kill(_process.Id, Interrupt) != 0)
        {
            throw new InvalidOperationException($"SIGINT could not be sent to the sample (pid {_process.Id}), errno {Marshal.GetLastWin32Error()}.");
        }

        using CancellationTokenSource limit = new(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The sample did not end within {timeout.TotalSeconds} s of Ctrl+C. Its output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }

    private const int Interrupt = 2; // SIGINT

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
