using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Enrichment;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace ChimeLogger.Benchmarks.Cases;

/// <summary>
/// Case 3: one log call inside an operate span. Enriched: a logger of
/// <see cref="ChimeTracer.LoggerFactory"/>, which adds the CHIME context to each record. Plain: a logger
/// factory over the very same provider instances (OpenTelemetry, with its processors) but without enrichment.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class LoggingBenchmarks
{
    public const string Category = "Log call in an operate span";

    private const string EventId = "evt-2026-000042";
    private const string LoggerCategory = "FrbPipeline.Registrar";

    private static readonly Action<ILogger, string, int, Exception?> s_registered = LoggerMessage.Define<string, int>(
        LogLevel.Information, new EventId(100, "Registered"), "Registered event {EventId} with {Candidates} candidates");

    private ChimeTracer _tracer = null!;
    private LoggerFactory _plainFactory = null!;
    private ServiceProvider _frameworkOnlyServices = null!;
    private ILogger _enriched = null!;
    private ILogger _plain = null!;
    private ILogger _frameworkOnly = null!;
    private HelixToken _span;

    [GlobalSetup]
    public void SetUp()
    {
        ProviderCapture capture = new();
        _tracer = BenchmarkTelemetry.SetUp(new AlwaysOnSampler(), options => options.ConfigureLoggerFactory = logging =>
            logging.Services.AddSingleton<IConfigureOptions<LoggerFilterOptions>>(services => capture.Capture(services)));
        _enriched = _tracer.CreateLogger(LoggerCategory);

        ILoggerProvider[] providers = capture.Services.GetServices<ILoggerProvider>().ToArray();
        if (providers.Length == 0)
        {
            throw new InvalidOperationException("No logger provider was found behind ChimeTracer.LoggerFactory.");
        }

        _plainFactory = new LoggerFactory(providers, new LoggerFilterOptions { MinLevel = LogLevel.Information });
        _plain = _plainFactory.CreateLogger(LoggerCategory);

        // The enrichment machinery of Microsoft.Extensions.Telemetry with one enricher that adds nothing: what
        // enrichment costs before ChimeLogger's enricher does any work.
        ServiceCollection services = new();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.EnableEnrichment();
            foreach (ILoggerProvider provider in providers)
            {
                logging.Services.AddSingleton(provider);
            }
        });
        services.AddLogEnricher<EmptyEnricher>();
        _frameworkOnlyServices = services.BuildServiceProvider();
        _frameworkOnly = _frameworkOnlyServices.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);

        // The span stays current for the whole run: set here, on the thread that runs the workload.
        _span = _tracer.Operate("register", EventId, "event");
        if (!_span.IsRecording)
        {
            throw new InvalidOperationException("The operate span is not recorded.");
        }
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        bool spanWasCurrent = Activity.Current == _span.Activity;
        _span.Dispose();
        _plainFactory.Dispose();
        _frameworkOnlyServices.Dispose();
        _tracer.Dispose();
        if (!spanWasCurrent)
        {
            throw new InvalidOperationException("The operate span was not current while the log calls ran.");
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Category)]
    public void PlainLog() => s_registered(_plain, EventId, 3, null);

    [Benchmark, BenchmarkCategory(Category)]
    public void EnrichedLog() => s_registered(_enriched, EventId, 3, null);

    /// <summary>Informational: the enrichment pipeline with an enricher that adds nothing.</summary>
    [Benchmark, BenchmarkCategory(Category)]
    public void EnrichmentPipelineOnly() => s_registered(_frameworkOnly, EventId, 3, null);

    private sealed class EmptyEnricher : ILogEnricher
    {
        public void Enrich(IEnrichmentTagCollector collector)
        {
        }
    }

    /// <summary>Keeps the service provider behind ChimeTracer.LoggerFactory when the factory is built.</summary>
    private sealed class ProviderCapture
    {
        private IServiceProvider? _services;

        public IServiceProvider Services => _services ?? throw new InvalidOperationException("The logger factory was not built.");

        public IConfigureOptions<LoggerFilterOptions> Capture(IServiceProvider services)
        {
            _services = services;
            return new ConfigureOptions<LoggerFilterOptions>(static _ => { });
        }
    }
}
