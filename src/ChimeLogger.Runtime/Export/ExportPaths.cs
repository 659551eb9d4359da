using System.Diagnostics;
using ChimeLogger.Auth;
using ChimeLogger.Configuration;
using ChimeLogger.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace ChimeLogger.Export;

/// <summary>
/// The export path of each signal, as a batch takes it (docs/architecture.md): the bounded queue behind its
/// <see cref="ExportGate"/>, the OTLP exporter, ordered delivery for traces (<see cref="OrderedDelivery"/>, unless
/// <see cref="ChimeLoggerOptions.ExportCreationPause"/> is zero), ChimeLogger's own retry in memory and on disk
/// (<see cref="ExportBacklog"/>) and the HTTP handlers that send (the herald token, the transport that reads the answer).
/// The OTLP exporter's experimental retry is kept off (<see cref="OpenTelemetryWorkarounds.WithoutOtlpRetry"/>), so
/// whatever the process environment says, batches are retried once, by ChimeLogger. The same code serves a standalone
/// set-up and hosted apps.
/// </summary>
/// <remarks>
/// Each pipeline builds its processor when it is built itself (<see cref="TraceProcessor"/>, <see cref="LogProcessor"/>);
/// nothing is sent or written until <see cref="Start"/>, which the set-up calls once the pipelines, and the logging the
/// export path warns through, are built.
/// </remarks>
internal sealed class ExportPaths
{
    public const string TraceSignalPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    public const string LogSignalPath = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

    private readonly ChimeSettings _settings;
    private readonly HeraldTokenSource? _tokens;
    private readonly OpenCreations? _openCreations;
    private readonly WarningLog _warnings;
    private readonly HeraldExportMonitor _monitor;
    private readonly List<ExportBacklog> _backlogs = [];

    /// <param name="settings">The resolved settings (endpoints, queue size, retry, interval, ordering).</param>
    /// <param name="tokens">The herald token source, when a credential is configured: it authorizes trace exports.</param>
    /// <param name="openCreations">The create spans not handed to the exporter yet, with ordered delivery (<see cref="OpenCreationsFor"/>).</param>
    /// <param name="warnings">Where the export path's warnings go.</param>
    public ExportPaths(ChimeSettings settings, HeraldTokenSource? tokens, OpenCreations? openCreations, WarningLog warnings)
    {
        _settings = settings;
        _tokens = tokens;
        _openCreations = openCreations;
        _warnings = warnings;
        _monitor = new HeraldExportMonitor(settings.HeraldEndpoint, settings.Options.TimeProvider, warnings);
        Counters = new ExportCounters(settings.ExportQueueSize);
    }

    /// <summary>The gates of both signals, which count what happens to each item: the tracer's export statistics.</summary>
    public ExportCounters Counters { get; }

    /// <summary>
    /// The record of open create spans that ordered delivery needs, fed by the span opener; <see langword="null"/> when
    /// <see cref="ChimeLoggerOptions.ExportCreationPause"/> is zero (no ordering) or OTLP export is off.
    /// </summary>
    public static OpenCreations? OpenCreationsFor(ChimeSettings settings) =>
        settings.Options.OtlpExportEnabled && settings.ExportCreationPause > TimeSpan.Zero
            ? new OpenCreations(ChimeLoggerOptions.OpenCreationWaitLimit)
            : null;

    /// <summary>The trace pipeline's processor: spans to the herald, with the token when one is configured.</summary>
    public BaseProcessor<Activity> TraceProcessor()
    {
        (OpenCreations Open, CreationDeliveries Deliveries)? ordering = _openCreations is null
            ? null
            : (_openCreations, new CreationDeliveries(_settings.ExportCreationPause));
        CertificateCheck certificate = new("traces", _settings.HeraldEndpoint, _warnings);
        ExportInProgress exports = new(Counters.Spans);
        (OtlpExporterOptions options, ExportBacklog? backlog) = Prepare(
            "traces", TraceSignalPath, _settings.HeraldEndpoint, exports, () => Handlers(_tokens, _monitor, certificate), ordering?.Deliveries);
        CountingOtlpTraceExporter exporter = OpenTelemetryWorkarounds.WithoutOtlpRetry(
            () => new CountingOtlpTraceExporter(options, exports, backlog, ordering, _warnings));
        return new BoundedActivityExportProcessor(Counters.Spans, exporter, ordering?.Open, IntervalMilliseconds);
    }

    /// <summary>The log pipeline's processor: log records to the collector, which takes no token (docs/helix-contract.md §3).</summary>
    public BaseProcessor<LogRecord> LogProcessor()
    {
        CertificateCheck certificate = new("logs", _settings.LogsEndpoint, _warnings);
        ExportInProgress exports = new(Counters.LogRecords);
        (OtlpExporterOptions options, ExportBacklog? backlog) = Prepare(
            "logs", LogSignalPath, _settings.LogsEndpoint, exports, () => Handlers(tokens: null, monitor: null, certificate));
        OtlpLogExporter exporter = OpenTelemetryWorkarounds.WithoutOtlpRetry(() => new OtlpLogExporter(options));
        return new BoundedLogRecordExportProcessor(Counters.LogRecords, new CountingOtlpLogExporter(exporter, exports, backlog), IntervalMilliseconds);
    }

    /// <summary>Starts the retry backlogs built so far: each opens its disk store (disk retry) and starts its loop.</summary>
    public void Start()
    {
        lock (_backlogs)
        {
            foreach (ExportBacklog backlog in _backlogs)
            {
                backlog.Start();
            }
        }
    }

    // ChimeLoggerOptions.ExportInterval, validated at setup (1 ms to an hour).
    private int IntervalMilliseconds => (int)_settings.ExportInterval.TotalMilliseconds;

    // Outermost first: the bearer token (traces, with a credential), then the transport that reads the answer.
    private static HttpMessageHandler Handlers(HeraldTokenSource? tokens, HeraldExportMonitor? monitor, CertificateCheck certificate)
    {
        HttpMessageHandler transport = new ExportTransportHandler(monitor, new SocketsHttpHandler(), certificate);
        return tokens is null ? transport : new HeraldAuthorizationHandler(tokens, transport);
    }

    private (OtlpExporterOptions Options, ExportBacklog? Backlog) Prepare(
        string signal, string signalPath, Uri endpoint, ExportInProgress exports, Func<HttpMessageHandler> chain, CreationDeliveries? deliveries = null)
    {
        OtlpExporterOptions options = new()
        {
            Endpoint = endpoint,
            Protocol = OtlpExportProtocol.Grpc,
        };
        TimeSpan timeout = TimeSpan.FromMilliseconds(options.TimeoutMilliseconds);
        bool retry = _settings.ExportRetry != ExportRetryMode.None;
        if (!retry && deliveries is null)
        {
            options.HttpClientFactory = () => new HttpClient(chain()) { Timeout = timeout };
            return (options, null);
        }

        // Without retry, the backlog still sends what waits for creations the herald may be writing.
        ExportBacklog backlog = new(
            signal, endpoint, signalPath, exports.Gate, _warnings, _settings.ExportRetryWindow, timeout,
            _settings.ExportRetry == ExportRetryMode.Disk ? _settings.ExportRetryPath : null,
            _settings.ExportRetryDiskLimitBytes, chain(), deliveries, retry);
        lock (_backlogs)
        {
            _backlogs.Add(backlog);
        }

        // The backlog handler keeps to the export timeout itself, so that it can still hand a timed-out batch to the
        // backlog and answer the exporter before the client gives up.
        options.HttpClientFactory = () => new HttpClient(new ExportBacklogHandler(backlog, exports, chain())) { Timeout = Timeout.InfiniteTimeSpan };
        return (options, backlog);
    }
}
