using System.Globalization;
using BenchmarkDotNet.Attributes;
using ChimeLogger.LocalReceiver.EntityView;
using ChimeLogger.LocalReceiver.Otlp;

namespace ChimeLogger.Benchmarks.EntityView;

/// <summary>
/// The entity view with 10,000 entities (1,000 raw data blocks, 6,000 beams, 3,000 events with 7 operations each:
/// 31,000 spans and 22,000 log records): each page as a browser asks for it, over HTTP from the view's own Kestrel server
/// on loopback, and the rebuild a page pays for when new telemetry arrived since the last one (a refresh during a run).
/// Goal: a page in under a second on the project's two-core machine. Results: docs/benchmarks.md#entity-view.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 12)]
public class EntityViewBenchmarks
{
    private TelemetryStore _store = null!;
    private EntityCatalog _catalog = null!;
    private EntityViewServer _server = null!;
    private HttpClient _http = null!;
    private RecordedSpan _late = null!;
    private string _lastErrorPage = "";

    [Params(10_000)]
    public int Entities { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        (List<RecordedSpan> spans, List<RecordedLog> logs) = FrbShapedTelemetry.Build(Entities);
        _store = new TelemetryStore();
        _store.AddSpans(spans);
        _store.AddLogs(logs);
        _late = spans[^1];
        _catalog = new EntityCatalog(_store);
        EntityIndex index = _catalog.CurrentAsync().GetAwaiter().GetResult();
        if (index.Model.Entities.Count != Entities)
        {
            throw new InvalidOperationException($"{index.Model.Entities.Count} entities were built, not {Entities}.");
        }

        int errorPages = index.List(new EntityFilter("event", true, 1, EntityFilter.DefaultSize)).PageCount;
        _lastErrorPage = "/?type=event&error=true&page=" + errorPages.ToString(CultureInfo.InvariantCulture);
        _server = EntityViewServer.StartAsync(0, _catalog, CancellationToken.None).GetAwaiter().GetResult();
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = _server.Url };
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _http.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The entity list, first page (50 entities, the latest first).</summary>
    [Benchmark]
    public Task<string> ListFirstPage() => GetAsync("/");

    /// <summary>The list filtered to events with errors, its last page.</summary>
    [Benchmark]
    public Task<string> ListFilteredLastPage() => GetAsync(_lastErrorPage);

    /// <summary>An event's page: graph of 2 beams and their block laid out by MSAGL, 7 operations, errors, logs.</summary>
    [Benchmark]
    public Task<string> EventPage() => GetAsync("/entity?id=evt-bench-00007-1");

    /// <summary>A raw data block's page: its 6 beams and their 3 events two levels down are not drawn, its 6 children are.</summary>
    [Benchmark]
    public Task<string> BlockPage() => GetAsync("/entity?id=astro_bench_00007");

    /// <summary>What the herald would ignore (nothing here) under the page frame.</summary>
    [Benchmark]
    public Task<string> IgnoredPage() => GetAsync("/ignored");

    /// <summary>The first page after one more span arrived: the whole projection is rebuilt, then the list rendered.</summary>
    [Benchmark]
    public Task<string> ListFirstPageAfterNewTelemetry()
    {
        _store.AddSpans([_late]);
        return GetAsync("/");
    }

    /// <summary>The rebuild alone: HeraldModel.Project over every span and log record, and the view's indexes.</summary>
    [Benchmark]
    public int Rebuild() => EntityIndex.Build(_store).Model.Entities.Count;

    private async Task<string> GetAsync(string path)
    {
        using HttpResponseMessage answer = await _http.GetAsync(path).ConfigureAwait(false);
        answer.EnsureSuccessStatusCode();
        return await answer.Content.ReadAsStringAsync().ConfigureAwait(false);
    }
}
