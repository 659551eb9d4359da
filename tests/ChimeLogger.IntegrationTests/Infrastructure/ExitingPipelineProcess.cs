using System.Diagnostics;

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

    public static async Task<ExitingPipelineRun> RunAsync(
        string workingDirectory, string pipeline, string heraldEndpoint, string logsEndpoint, params string[] args)
    {
        ProcessStartInfo start = new("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProgramPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (string name in new[]
                 {
                     "HERALD_INSECURE", "HERALD_CREDENTIAL", "HERALD_AUTH_ENDPOINT", "CHIME_LOGGER_FILE_LOG_PATH", "CHIME_LOGGER_SITE",
                     "CHIME_LOGGER_EXPORT_RETRY", "CHIME_LOGGER_EXPORT_RETRY_PATH", "CHIME_LOGGER_EXPORT_QUEUE_SIZE",
                 })
        {
            start.Environment.Remove(name);
        }

        start.Environment["HERALD_ENDPOINT"] = heraldEndpoint;
        start.Environment["LOGS_ENDPOINT"] = logsEndpoint;
        start.Environment["CHIME_LOGGER_PIPELINE_NAME"] = pipeline;
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";

        Stopwatch clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource limit = new(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The exiting pipeline did not end within 2 minutes (a hang at exit?):\n" + await stdout + await stderr);
        }

        clock.Stop();
        return new ExitingPipelineRun(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }
}

internal sealed record ExitingPipelineRun(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public override string ToString() => $"exit code {ExitCode} after {Elapsed}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
