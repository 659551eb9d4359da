using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ChimeLogger.Benchmarks.Subjects;
using OpenTelemetry.Trace;

namespace ChimeLogger.Benchmarks.Cases;

/// <summary>Case 2, first half: <see cref="ChimeTelemetry.Setup"/> is never called in this process.</summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class NotSetUpBenchmarks
{
    public const string Sync = "Not set up, sync";
    public const string Async = "Not set up, async";

    private const string EventId = "evt-2026-000042";

    private PlainRegistrar _plain = null!;
    private GeneratedRegistrar _generated = null!;

    [GlobalSetup]
    public void SetUp()
    {
        if (ChimeTelemetry.Tracer is not null)
        {
            throw new InvalidOperationException("ChimeLogger is set up in this process: the not-set-up case would measure something else.");
        }

        _plain = new PlainRegistrar();
        _generated = new GeneratedRegistrar();
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Sync)]
    public int SyncPlain() => _plain.Register(EventId);

    [Benchmark, BenchmarkCategory(Sync)]
    public int SyncGenerated() => _generated.Register(EventId);

    [Benchmark(Baseline = true), BenchmarkCategory(Async)]
    public Task<int> AsyncPlain() => _plain.RegisterAsync(EventId);

    [Benchmark, BenchmarkCategory(Async)]
    public Task<int> AsyncGenerated() => _generated.RegisterAsync(EventId);
}

/// <summary>
/// Case 2, second half: ChimeLogger is set up and its source is listened to, but the sampler
/// (<see cref="AlwaysOffSampler"/>) records nothing, so each call asks the sampler and gets no span.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class NotSampledBenchmarks
{
    public const string Sync = "Not sampled, sync";
    public const string Async = "Not sampled, async";

    private const string EventId = "evt-2026-000042";

    private ChimeTracer _tracer = null!;
    private PlainRegistrar _plain = null!;
    private GeneratedRegistrar _generated = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _tracer = BenchmarkTelemetry.SetUp(new AlwaysOffSampler());
        if (!_tracer.IsListening)
        {
            throw new InvalidOperationException("The tracer does not listen: the not-sampled case would measure the not-set-up path.");
        }

        _plain = new PlainRegistrar();
        _generated = new GeneratedRegistrar();
    }

    [GlobalCleanup]
    public void CleanUp() => _tracer.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory(Sync)]
    public int SyncPlain() => _plain.Register(EventId);

    [Benchmark, BenchmarkCategory(Sync)]
    public int SyncGenerated() => _generated.Register(EventId);

    [Benchmark(Baseline = true), BenchmarkCategory(Async)]
    public Task<int> AsyncPlain() => _plain.RegisterAsync(EventId);

    [Benchmark, BenchmarkCategory(Async)]
    public Task<int> AsyncGenerated() => _generated.RegisterAsync(EventId);
}
