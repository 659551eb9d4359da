using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ChimeLogger.Benchmarks.Cases;
using ChimeLogger.Benchmarks.Burst;
using ChimeLogger.Benchmarks.Ceiling;
using ChimeLogger.Benchmarks.Export;
using ChimeLogger.Benchmarks.Interleaved;
using Perfolizer.Horology;

namespace ChimeLogger.Benchmarks.Reporting;

/// <summary>Runs every benchmark case in one go and writes the report.</summary>
internal static class SuiteRun
{
    /// <summary>The benchmark classes, in the order of the issue.</summary>
    public static readonly Type[] Cases =
    [
        typeof(ListeningBenchmarks),
        typeof(NotSetUpBenchmarks),
        typeof(NotSampledBenchmarks),
        typeof(DroppingSamplerBenchmarks),
        typeof(LoggingBenchmarks),
        typeof(GeneratorBenchmarks),
    ];

    /// <summary>
    /// Per-call cases: many short iterations, in three processes, so that a noisy moment on a shared machine or one
    /// process's code layout weighs less on a mean that is compared with another case's.
    /// </summary>
    public static Job MicroJob { get; } = Job.Default
        .WithId("Micro")
        .WithLaunchCount(3)
        .WithWarmupCount(6)
        .WithIterationCount(20)
        .WithIterationTime(TimeInterval.FromMilliseconds(250));

    /// <summary>The generator: an operation takes up to a second, so fewer iterations, each of at least one call.</summary>
    public static Job GeneratorJob { get; } = Job.Default
        .WithId("Generator")
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(12)
        .WithUnrollFactor(1)
        .WithIterationTime(TimeInterval.FromMilliseconds(500));

    public static async Task<int> RunAsync(bool quick, TextWriter log)
    {
        string root = RepositoryRoot();
        MachineInfo machine = MachineInfo.Collect();
        Stopwatch elapsed = Stopwatch.StartNew();
        log.WriteLine($"// ChimeLogger benchmarks ({(quick ? "quick smoke run" : "measured run")}), load {machine.LoadAtStart}, other dotnet processes: {machine.OtherDotnetProcessesAtStart}");

        BenchmarkRunInfo[] runs = Cases.Select(type => BenchmarkConverter.TypeToBenchmarks(type, ConfigFor(type, quick, root))).ToArray();
        Summary[] summaries;
        string loadDuring;
        using (LoadSampler sampler = new(TimeSpan.FromSeconds(5)))
        {
            summaries = BenchmarkRunner.Run(runs);
            loadDuring = sampler.Describe();
        }

        string loadAfterBenchmarks = MachineInfo.LoadAverage();

        LoadSampler processRunsLoad = new(TimeSpan.FromSeconds(5));
        ExportThroughputResult? export = null;
        string? exportError = null;
        try
        {
            export = await new ExportThroughput(quick, log).MeasureAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or LocalReceiver.LocalReceiverException or HttpRequestException or TimeoutException)
        {
            exportError = ex.GetType().Name + ": " + ex.Message;
            log.WriteLine("// Export throughput failed: " + exportError);
        }

        BurstResult? burst = await Attempt("Burst", () => BurstRun.MeasureAsync(root, quick, log), log).ConfigureAwait(false);
        CeilingResult? ceiling = await Attempt("Export ceiling", () => CeilingRun.MeasureAsync(root, quick, log), log).ConfigureAwait(false);
        InterleavedRatioResult? syncRatio = await Attempt("Sync ratio", () => InterleavedRatioRun.MeasureAsync(RatioShape.Sync, quick, log), log).ConfigureAwait(false);
        InterleavedRatioResult? asyncRatio = await Attempt("Async ratio", () => InterleavedRatioRun.MeasureAsync(RatioShape.Async, quick, log), log).ConfigureAwait(false);
        InterleavedRatioResult? laterRatio = await Attempt("Completes-later ratio", () => InterleavedRatioRun.MeasureAsync(RatioShape.Later, quick, log), log).ConfigureAwait(false);
        string loadDuringProcessRuns = processRunsLoad.Describe();
        processRunsLoad.Dispose();

        RunRecord record = new(
            machine,
            quick,
            summaries.Select(ResultTable.Of).ToList(),
            CaseResult.From(summaries),
            export,
            exportError,
            loadAfterBenchmarks,
            MachineInfo.LoadAverage(),
            MachineInfo.OtherDotnetProcesses(),
            elapsed.Elapsed,
            loadDuring,
            burst,
            ceiling,
            syncRatio,
            loadDuringProcessRuns,
            asyncRatio,
            laterRatio);
        string recordPath = RecordPath(root, quick);
        Directory.CreateDirectory(Path.GetDirectoryName(recordPath)!);
        await File.WriteAllTextAsync(recordPath, JsonSerializer.Serialize(record, s_json)).ConfigureAwait(false);
        string path = await RenderAsync(root, record).ConfigureAwait(false);
        log.WriteLine($"// Measurements kept in {recordPath}; report written to {path} after {elapsed.Elapsed:mm\\:ss}");
        return summaries.Any(static s => s.HasCriticalValidationErrors || s.Reports.Any(static r => !r.Success)) ? 1 : 0;
    }

    // A measurement outside BenchmarkDotNet that fails leaves its section "not measured" with the reason, not the run failed.
    private static async Task<T?> Attempt<T>(string name, Func<Task<T>> measure, TextWriter log)
        where T : class
    {
        try
        {
            return await measure().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or TimeoutException or HttpRequestException or FormatException
            or LocalReceiver.LocalReceiverException)
        {
            log.WriteLine($"// {name} failed: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Writes the report again from the kept measurements of the last run (after the explanations changed).</summary>
    public static async Task<int> RenderAgainAsync(bool quick, TextWriter log)
    {
        string root = RepositoryRoot();
        string recordPath = RecordPath(root, quick);
        if (!File.Exists(recordPath))
        {
            log.WriteLine($"// No kept measurements at {recordPath}: run with --report first.");
            return 1;
        }

        RunRecord record = JsonSerializer.Deserialize<RunRecord>(await File.ReadAllTextAsync(recordPath).ConfigureAwait(false), s_json)
            ?? throw new InvalidOperationException(recordPath + " is empty.");
        string path = await RenderAsync(root, record).ConfigureAwait(false);
        log.WriteLine($"// Report written to {path} from {recordPath}");
        return 0;
    }

    private static async Task<string> RenderAsync(string root, RunRecord record)
    {
        string path = record.Quick
            ? Path.Combine(root, "BenchmarkDotNet.Artifacts", "benchmarks-quick.md")
            : Path.Combine(root, "docs", "benchmarks.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string? existing = File.Exists(path) ? await File.ReadAllTextAsync(path).ConfigureAwait(false) : null;
        await File.WriteAllTextAsync(path, ReportWriter.Write(record, existing)).ConfigureAwait(false);
        return path;
    }

    private static string RecordPath(string root, bool quick) =>
        Path.Combine(root, "BenchmarkDotNet.Artifacts", quick ? "benchmarks-quick.json" : "benchmarks-run.json");

    public static async Task<int> RunExportOnlyAsync(TextWriter log)
    {
        ExportThroughputResult result = await new ExportThroughput(quick: false, log).MeasureAsync().ConfigureAwait(false);
        log.WriteLine(result.SustainedRate is { } rate ? $"// Sustained: {rate:N0} spans/s" : "// No clean trial");
        return 0;
    }

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    private static IConfig ConfigFor(Type type, bool quick, string root)
    {
        Job job = quick ? Job.Dry.WithId("Dry") : type == typeof(GeneratorBenchmarks) ? GeneratorJob : MicroJob;
        return ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(root, "BenchmarkDotNet.Artifacts"));
    }

    /// <summary>The folder that holds ChimeLogger.sln, from the working directory or from this program's.</summary>
    internal static string RepositoryRoot()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ChimeLogger.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("ChimeLogger.sln not found above the working directory: run from the repository.");
    }
}

/// <summary>Everything one run produced, for the report; kept as JSON so that the report can be written again.</summary>
internal sealed record RunRecord(
    MachineInfo Machine,
    bool Quick,
    IReadOnlyList<ResultTable> Tables,
    IReadOnlyList<CaseResult> Cases,
    ExportThroughputResult? Export,
    string? ExportError,
    string LoadAfterBenchmarks,
    string LoadAtEnd,
    int OtherDotnetProcessesAtEnd,
    TimeSpan Elapsed,
    string? LoadDuringBenchmarks = null,
    BurstResult? Burst = null,
    CeilingResult? Ceiling = null,
    InterleavedRatioResult? SyncRatio = null,
    string? LoadDuringProcessRuns = null,
    InterleavedRatioResult? AsyncRatio = null,
    InterleavedRatioResult? LaterRatio = null);

/// <summary>One BenchmarkDotNet summary as GitHub markdown (environment block and table).</summary>
internal sealed record ResultTable(string Title, string Markdown)
{
    public static ResultTable Of(Summary summary)
    {
        AccumulationLogger logger = new();
        MarkdownExporter.GitHub.ExportToLog(summary, logger);
        string title = summary.BenchmarksCases.FirstOrDefault()?.Descriptor.Type.Name ?? summary.Title;
        return new ResultTable(title, logger.GetLog().Trim());
    }
}
