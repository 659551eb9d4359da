using System.Diagnostics;
using ChimeLogger.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace ChimeLogger.Export;

/// <summary>
/// Builds the OTLP exporters, their retry backlogs and their bounded processors. Retry is ChimeLogger's own
/// (<see cref="ExportBacklog"/>): the OTLP exporter's experimental retry is kept off
/// (<see cref="OpenTelemetryWorkarounds.WithoutOtlpRetry"/>), so whatever the process environment says, batches are
/// retried once, by ChimeLogger. The trace pipeline also delivers in the herald's write order
/// (<see cref="OrderedDelivery"/>) unless <see cref="ChimeLoggerOptions.ExportCreationPause"/> is zero. The same code
/// serves a standalone setup and hosted apps.
/// </summary>
internal static class OtlpExporterFactory
{
    public const string TraceSignalPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    public const string LogSignalPath = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

    /// <param name="settings">The resolved settings (retry mode, window, directory).</param>
    /// <param name="gate">The span gate.</param>
    /// <param name="log">Where the retry warnings go.</param>
    /// <param name="endpoint">The herald.</param>
    /// <param name="chain">Creates the HTTP handler chain under the exporter (token, answer monitor, sockets).</param>
    /// <param name="openCreations">The create spans still open (<see cref="OpenCreationsFor"/>): ordered delivery when set.</param>
    public static BaseProcessor<Activity> CreateTraceProcessor(
        ChimeSettings settings, ExportGate gate, ExportLogSink log, Uri endpoint, Func<HttpMessageHandler> chain, OpenCreations? openCreations = null)
    {
        (OpenCreations Open, CreationDeliveries Deliveries)? ordering = openCreations is null
            ? null
            : (openCreations, new CreationDeliveries(settings.ExportCreationPause));
        (OtlpExporterOptions options, ExportBacklog? backlog) = Prepare(settings, "traces", TraceSignalPath, gate, log, endpoint, chain, ordering?.Deliveries);
        CountingOtlpTraceExporter exporter = OpenTelemetryWorkarounds.WithoutOtlpRetry(() => new CountingOtlpTraceExporter(options, gate, backlog, ordering, log));
        backlog?.Start();
        return new BoundedActivityExportProcessor(gate, exporter, ordering?.Open, IntervalOf(settings));
    }

    /// <summary>
    /// The record of open create spans that ordered delivery needs, fed by an <see cref="OpenCreationWatcher"/> on the
    /// tracer provider; <see langword="null"/> when <see cref="ChimeLoggerOptions.ExportCreationPause"/> is zero (no ordering).
    /// </summary>
    public static OpenCreations? OpenCreationsFor(ChimeSettings settings) =>
        settings.ExportCreationPause > TimeSpan.Zero ? new OpenCreations(ChimeLoggerOptions.OpenCreationWaitLimit) : null;

    /// <summary>The log pipeline's processor, as <see cref="CreateTraceProcessor"/>.</summary>
    public static BaseProcessor<LogRecord> CreateLogProcessor(
        ChimeSettings settings, ExportGate gate, ExportLogSink log, Uri endpoint, Func<HttpMessageHandler> chain)
    {
        (OtlpExporterOptions options, ExportBacklog? backlog) = Prepare(settings, "logs", LogSignalPath, gate, log, endpoint, chain);
        OtlpLogExporter exporter = OpenTelemetryWorkarounds.WithoutOtlpRetry(() => new OtlpLogExporter(options));
        backlog?.Start();
        return new BoundedLogRecordExportProcessor(gate, new CountingOtlpLogExporter(exporter, gate, backlog), IntervalOf(settings));
    }

    // ChimeLoggerOptions.ExportInterval, validated at setup (1 ms to an hour).
    private static int IntervalOf(ChimeSettings settings) => (int)settings.ExportInterval.TotalMilliseconds;

    private static (OtlpExporterOptions Options, ExportBacklog? Backlog) Prepare(
        ChimeSettings settings, string signal, string signalPath, ExportGate gate, ExportLogSink log, Uri endpoint, Func<HttpMessageHandler> chain,
        CreationDeliveries? deliveries = null)
    {
        OtlpExporterOptions options = new()
        {
            Endpoint = endpoint,
            Protocol = OtlpExportProtocol.Grpc,
        };
        TimeSpan timeout = TimeSpan.FromMilliseconds(options.TimeoutMilliseconds);
        bool retry = settings.ExportRetry != ExportRetryMode.None;
        if (!retry && deliveries is null)
        {
            options.HttpClientFactory = () => new HttpClient(chain()) { Timeout = timeout };
            return (options, null);
        }

        // Without retry, the backlog still sends what waits for creations the herald may be writing.
        ExportBacklog backlog = new(
            signal, endpoint, signalPath, gate, log, settings.ExportRetryWindow, timeout,
            settings.ExportRetry == ExportRetryMode.Disk ? settings.ExportRetryPath : null,
            settings.ExportRetryDiskLimitBytes, chain(), deliveries, retry);

        // The backlog handler keeps to the export timeout itself, so that it can still hand a timed-out batch to the
        // backlog and answer the exporter before the client gives up.
        options.HttpClientFactory = () => new HttpClient(new ExportBacklogHandler(backlog, chain())) { Timeout = Timeout.InfiniteTimeSpan };
        return (options, backlog);
    }
}
