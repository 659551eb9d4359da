using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ChimeLogger.Benchmarks.Subjects;
using OpenTelemetry.Trace;

namespace ChimeLogger.Benchmarks.Cases;

/// <summary>Case 2, first half: <see cref="ChimeTelemetry.Setup"/> is never called in this process.</summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class NotSetUpBenchmarks : PlainAndGeneratedCases
{
    [GlobalSetup]
    public void SetUp()
    {
        if (ChimeTelemetry.Tracer is not null)
        {
            throw new InvalidOperationException("ChimeLogger is set up in this process: the not-set-up case would measure something else.");
        }

        CreateSubjects();
    }
}

/// <summary>
/// Case 2, second half: ChimeLogger is set up with <c>ChimeLoggerOptions.Sampler = new AlwaysOffSampler()</c>, which
/// folds into <see cref="ChimeTracer.IsListening"/>: the generated wrapper takes the same path as when not set up.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class NotSampledBenchmarks : PlainAndGeneratedCases
{
    private ChimeTracer _tracer = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _tracer = BenchmarkTelemetry.SetUp(new AlwaysOnSampler(), options => options.Sampler = new AlwaysOffSampler());
        if (_tracer.IsListening)
        {
            throw new InvalidOperationException("The tracer listens under an always-off sampler: the case would not measure the folded path.");
        }

        CreateSubjects();
    }

    [GlobalCleanup]
    public void CleanUp() => _tracer.Dispose();
}

/// <summary>
/// Set up with a sampler that drops every span by testing its trace id (<c>TraceIdRatioBasedSampler(0)</c>): the tracer
/// listens, so each call asks the sampler with a random root trace id and gets <see cref="HelixToken.None"/>.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class DroppingSamplerBenchmarks : PlainAndGeneratedCases
{
    private ChimeTracer _tracer = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _tracer = BenchmarkTelemetry.SetUp(new AlwaysOnSampler(), options => options.Sampler = new TraceIdRatioBasedSampler(0.0));
        if (!_tracer.IsListening || _tracer.Operate("register", "evt-2026-000042", "event").Activity is not null)
        {
            throw new InvalidOperationException("The dropping sampler case must listen and drop: it would measure something else.");
        }

        CreateSubjects();
    }

    [GlobalCleanup]
    public void CleanUp() => _tracer.Dispose();
}

/// <summary>
/// The plain call beside the generated wrapper, sync and async, in whatever state the derived class sets up. The
/// derived class is the benchmark (its name is the case); its category names the shape.
/// </summary>
public abstract class PlainAndGeneratedCases
{
    public const string Sync = "sync";
    public const string Async = "async";

    private const string EventId = "evt-2026-000042";

    private PlainRegistrar _plain = null!;
    private GeneratedRegistrar _generated = null!;

    [Benchmark(Baseline = true), BenchmarkCategory(Sync)]
    public int SyncPlain() => _plain.Register(EventId);

    [Benchmark, BenchmarkCategory(Sync)]
    public int SyncGenerated() => _generated.Register(EventId);

    [Benchmark(Baseline = true), BenchmarkCategory(Async)]
    public Task<int> AsyncPlain() => _plain.RegisterAsync(EventId);

    [Benchmark, BenchmarkCategory(Async)]
    public Task<int> AsyncGenerated() => _generated.RegisterAsync(EventId);

    protected void CreateSubjects()
    {
        _plain = new PlainRegistrar();
        _generated = new GeneratedRegistrar();
    }
}
