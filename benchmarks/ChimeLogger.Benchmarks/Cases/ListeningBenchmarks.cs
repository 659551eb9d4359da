using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ChimeLogger.Benchmarks.Subjects;
using OpenTelemetry.Trace;

namespace ChimeLogger.Benchmarks.Cases;

/// <summary>
/// Case 1: one operate span per call while telemetry listens (OpenTelemetry tracer provider,
/// always-on sampler, a processor that drops the span). Each category has the plain call as baseline.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ListeningBenchmarks
{
    public const string Sync = "Listening sync";
    public const string Async = "Listening async";
    public const string AsyncLater = "Listening async, completes later";

    private const string EventId = "evt-2026-000042";

    private ChimeTracer _tracer = null!;
    private PlainRegistrar _plain = null!;
    private GeneratedRegistrar _generated = null!;
    private HandWrittenRegistrar _handWritten = null!;
    private ManualApiRegistrar _manual = null!;
    private IRegistrar _proxy = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _tracer = BenchmarkTelemetry.SetUp(new AlwaysOnSampler());
        _plain = new PlainRegistrar();
        _generated = new GeneratedRegistrar();
        _handWritten = new HandWrittenRegistrar(_tracer.InstrumentId, _tracer.Pipeline, _tracer.Site);
        _manual = new ManualApiRegistrar(_tracer);
        _proxy = OperateSpanInterceptor.Wrap(new PlainRegistrar(), new OperateSpanInterceptor(_tracer.InstrumentId, _tracer.Pipeline, _tracer.Site));
        SubjectCheck.SpansAreRecorded(_tracer, () => _generated.Register(EventId), () => _handWritten.Register(EventId),
            () => _manual.Register(EventId), () => _proxy.Register(EventId));
    }

    [GlobalCleanup]
    public void CleanUp() => _tracer.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory(Sync)]
    public int SyncPlain() => _plain.Register(EventId);

    [Benchmark, BenchmarkCategory(Sync)]
    public int SyncGenerated() => _generated.Register(EventId);

    [Benchmark, BenchmarkCategory(Sync)]
    public int SyncHandWritten() => _handWritten.Register(EventId);

    [Benchmark, BenchmarkCategory(Sync)]
    public int SyncManualApi() => _manual.Register(EventId);

    [Benchmark, BenchmarkCategory(Sync)]
    public int SyncCastleProxy() => _proxy.Register(EventId);

    [Benchmark(Baseline = true), BenchmarkCategory(Async)]
    public Task<int> AsyncPlain() => _plain.RegisterAsync(EventId);

    [Benchmark, BenchmarkCategory(Async)]
    public Task<int> AsyncGenerated() => _generated.RegisterAsync(EventId);

    [Benchmark, BenchmarkCategory(Async)]
    public Task<int> AsyncHandWritten() => _handWritten.RegisterAsync(EventId);

    [Benchmark, BenchmarkCategory(Async)]
    public Task<int> AsyncManualApi() => _manual.RegisterAsync(EventId);

    [Benchmark, BenchmarkCategory(Async)]
    public Task<int> AsyncCastleProxy() => _proxy.RegisterAsync(EventId);

    [Benchmark(Baseline = true), BenchmarkCategory(AsyncLater)]
    public Task<int> LaterPlain() => _plain.RegisterLaterAsync(EventId);

    [Benchmark, BenchmarkCategory(AsyncLater)]
    public Task<int> LaterGenerated() => _generated.RegisterLaterAsync(EventId);

    [Benchmark, BenchmarkCategory(AsyncLater)]
    public Task<int> LaterHandWritten() => _handWritten.RegisterLaterAsync(EventId);

    [Benchmark, BenchmarkCategory(AsyncLater)]
    public Task<int> LaterCastleProxy() => _proxy.RegisterLaterAsync(EventId);
}
