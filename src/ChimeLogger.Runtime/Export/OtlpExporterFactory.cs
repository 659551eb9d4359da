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
/// retried once, by ChimeLogger. The same code serves a standalone setup and hosted apps.
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
    public static BaseProcessor<Activity> CreateTraceProcessor(
        ChimeSettings settings, ExportGate gate, ExportLogSink log, Uri endpoint, Func<HttpMessageHandler> chain)
    {
        (OtlpExporterOptions options, ExportBacklog? backlog) = Prepare(settings, "traces", TraceSignalPath, gate, log, endpoint, chain);
        CountingOtlpTraceExporter exporter = OpenTelemetryWorkarounds.WithoutOtlpRetry(() => new CountingOtlpTraceExporter(options, gate, backlog));
        backlog?.Start();
        return new BoundedActivityExportProcessor(gate, exporter, IntervalOf(settings));
    }

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
        ChimeSettings settings, string signal, string signalPath, ExportGate gate, ExportLogSink log, Uri endpoint, Func<HttpMessageHandler> chain)
    {
        OtlpExporterOptions options = new()
        {
            Endpoint = endpoint,
            Protocol = OtlpExportProtocol.Grpc,
        };
        TimeSpan timeout = TimeSpan.FromMilliseconds(options.TimeoutMilliseconds);
        if (settings.ExportRetry == ExportRetryMode.None)
        {
            options.HttpClientFactory = () => new HttpClient(chain()) { Timeout = timeout };
            return (options, null);
        }

        ExportBacklog backlog = new(
            signal, endpoint, signalPath, gate, log, settings.ExportRetryWindow, timeout,
            settings.ExportRetry == ExportRetryMode.Disk ? settings.ExportRetryPath : null,
            settings.ExportRetryDiskLimitBytes, chain());

        // The backlog handler keeps to the export timeout itself, so that it can still hand a timed-out batch to the
        // backlog and answer the exporter before the client gives up.
        options.HttpClientFactory = () => new HttpClient(new ExportBacklogHandler(backlog, chain())) { Timeout = Timeout.InfiniteTimeSpan };
        return (options, backlog);
    }
}
