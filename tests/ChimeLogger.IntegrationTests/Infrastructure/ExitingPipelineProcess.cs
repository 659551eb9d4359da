using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ChimeLogger.IntegrationTests.Infrastructure;

/// <summary>
/// Runs tests/ChimeLogger.ExitingPipeline as its own process, configured through the environment as a pipeline is, in
/// a working folder of its own (so its default file log, logs/chime_pipeline.log, lands there).
/// </summary>
internal static class ExitingPipelineProcess
{
    // Set by the project file: the program's own output folder, next to the packages it was built against.
    private static readonly string ProgramPath = Path.GetFullPath(typeof(ExitingPipelineProcess).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "ExitingPipelinePath").Value!);

    /// <summary>Runs the program to its end (at most two minutes) and returns what it did.</summary>
    public static async Task<ExitingPipelineRun> RunAsync(
        string workingDirectory, string pipeline, string heraldEndpoint, string logsEndpoint, params string[] args)
    {
        using RunningPipeline running = Start(workingDirectory, pipeline, heraldEndpoint, logsEndpoint, environment: null, args);
        return await running.WaitForExitAsync();
    }

    /// <summary>
    /// Starts the program and returns at once. SIGINT, SIGHUP and SIGTERM are given their default disposition in the child
    /// (coreutils' <c>env --default-signal</c>, which then executes the program in the same process): a process started
    /// by a shell in the background, as a CI runner may start the tests, inherits SIGINT ignored, and .NET leaves ignored
    /// signals ignored, so a Ctrl+C sent to the child would otherwise never reach it.
    /// </summary>
    public static RunningPipeline Start(
        string workingDirectory, string pipeline, string heraldEndpoint, string logsEndpoint,
        IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(workingDirectory, pipeline, heraldEndpoint, logsEndpoint, environment, asProcessOne: false, args);

    /// <summary>
    /// Starts the program as <see cref="Start(string, string, string, string, IReadOnlyDictionary{string, string}?, string[])"/>
    /// does; with <paramref name="asProcessOne"/>, as process 1 of a PID namespace of its own (util-linux' <c>unshare</c>,
    /// which needs root), as a container's entry point runs without an init: the kernel then ignores the default action
    /// of a signal the process does not handle.
    /// </summary>
    public static RunningPipeline Start(
        string workingDirectory, string pipeline, string heraldEndpoint, string logsEndpoint,
        IReadOnlyDictionary<string, string>? environment, bool asProcessOne, params string[] args)
    {
        ProcessStartInfo start = new(asProcessOne ? "unshare" : "env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asProcessOne)
        {
            foreach (string arg in new[] { "--pid", "--fork", "--kill-child", "--mount-proc", "env" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.ArgumentList.Add("--default-signal=INT,HUP,TERM");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(ProgramPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (string name in new[]
                 {
                     "HERALD_INSECURE", "HERALD_CREDENTIAL", "HERALD_AUTH_ENDPOINT", "CHIME_LOGGER_FILE_LOG_PATH", "CHIME_LOGGER_SITE",
                     "CHIME_LOGGER_EXPORT_RETRY", "CHIME_LOGGER_EXPORT_RETRY_PATH", "CHIME_LOGGER_EXPORT_QUEUE_SIZE",
                     "CHIME_LOGGER_EXPORT_INTERVAL", "HOST_SHUTDOWN_SECONDS",
                 })
        {
            start.Environment.Remove(name);
        }

        start.Environment["HERALD_ENDPOINT"] = heraldEndpoint;
        start.Environment["LOGS_ENDPOINT"] = logsEndpoint;
        start.Environment["CHIME_LOGGER_PIPELINE_NAME"] = pipeline;
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new RunningPipeline(
            Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start the exiting pipeline."), asProcessOne);
    }
}

/// <summary>The exiting pipeline while it runs: its output so far, signals sent to it by process id, its end.</summary>
internal sealed class RunningPipeline : IDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _inOwnNamespace;
    private TimeSpan? _signalledAt;

    public RunningPipeline(Process process, bool inOwnNamespace)
    {
        _process = process;
        _inOwnNamespace = inOwnNamespace;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdout, _stdoutClosed, watch: true);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderr, _stderrClosed, watch: false);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    /// <summary>Waits until the program has written a line containing <paramref name="text"/> to standard output.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        TaskCompletionSource seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stdout)
        {
            if (_stdout.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _awaited.Add((text, seen));
        }

        if (await Task.WhenAny(seen.Task, Task.Delay(timeout)) != seen.Task)
        {
            throw new TimeoutException($"The exiting pipeline did not write '{text}' within {timeout}:\n{Output()}");
        }
    }

    /// <summary>Sends <paramref name="signal"/> (a Linux signal number: 1 SIGHUP, 2 SIGINT, 9 SIGKILL, 15 SIGTERM) to the process.</summary>
    public void Signal(int signal)
    {
        int target = _inOwnNamespace ? ForkedChild() : _process.Id;
        _signalledAt = _clock.Elapsed;
        if (Kill(target, signal) != 0)
        {
            throw new InvalidOperationException($"kill({target}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits for the process to end (at most <paramref name="limit"/>, two minutes by default) and returns what it did.</summary>
    public async Task<ExitingPipelineRun> WaitForExitAsync(TimeSpan? limit = null)
    {
        using CancellationTokenSource timeout = new(limit ?? TimeSpan.FromMinutes(2));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException("The exiting pipeline did not end in time (a hang at exit?):\n" + Output());
        }

        TimeSpan ended = _clock.Elapsed;
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(30));
        lock (_stdout)
        {
            lock (_stderr)
            {
                return new ExitingPipelineRun(_process.ExitCode, _stdout.ToString(), _stderr.ToString(), ended, ended - _signalledAt);
            }
        }
    }

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
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    // unshare --fork runs the program as its child, process 1 of the new namespace; from here it has its usual id.
    private int ForkedChild()
    {
        string children = File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children").Trim();
        return int.Parse(children.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private string Output()
    {
        lock (_stdout)
        {
            lock (_stderr)
            {
                return $"stdout:\n{_stdout}\nstderr:\n{_stderr}";
            }
        }
    }

    private void OnLine(string? line, StringBuilder into, TaskCompletionSource closed, bool watch)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (into)
        {
            into.AppendLine(line);
            if (watch)
            {
                foreach ((string text, TaskCompletionSource seen) in _awaited.Where(a => line.Contains(a.Text, StringComparison.Ordinal)).ToList())
                {
                    seen.TrySetResult();
                    _awaited.Remove((text, seen));
                }
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

internal sealed record ExitingPipelineRun(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed, TimeSpan? SinceSignal = null)
{
    public override string ToString() =>
        $"exit code {ExitCode} after {Elapsed}{(SinceSignal is { } s ? $" ({s.TotalSeconds:F2} s after the signal)" : "")}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
