using System.Diagnostics;
using ChimeLogger.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace ChimeLogger.Export;

/// <summary>
/// Builds the OTLP exporters and their bounded processors. Retry is the exporter's own: its public constructor
/// reads the experimental retry settings (<c>OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY</c>,
/// <c>OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH</c>) from the environment, so those two variables are
/// set to ChimeLogger's choice for the moment of construction and restored right after. The same code serves
/// <see cref="ChimeTelemetry.Setup"/> and hosted apps, so both retry the same way whatever the host's configuration says.
/// </summary>
internal static class OtlpExporterFactory
{
    public const string RetryVariable = "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY";
    public const string DiskRetryPathVariable = "OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH";

    private static readonly Lock s_environmentGate = new();

    public static BaseProcessor<Activity> CreateTraceProcessor(ChimeSettings settings, ExportGate gate, Action<OtlpExporterOptions> configure)
    {
        OtlpExporterOptions options = new();
        configure(options);
        CountingOtlpTraceExporter exporter = WithRetrySettings(settings, () => new CountingOtlpTraceExporter(options, gate));
        return new BoundedActivityExportProcessor(gate, exporter);
    }

    public static BaseProcessor<LogRecord> CreateLogProcessor(ChimeSettings settings, ExportGate gate, Action<OtlpExporterOptions> configure)
    {
        OtlpExporterOptions options = new();
        configure(options);
        OtlpLogExporter exporter = WithRetrySettings(settings, () => new OtlpLogExporter(options));
        return new BoundedLogRecordExportProcessor(gate, new CountingOtlpLogExporter(exporter, gate));
    }

    private static T WithRetrySettings<T>(ChimeSettings settings, Func<T> create)
    {
        (string? retry, string? path) = settings.ExportRetry switch
        {
            ExportRetryMode.Memory => ("in_memory", null),
            ExportRetryMode.Disk => ("disk", settings.ExportRetryPath),
            _ => ((string?)null, (string?)null),
        };

        lock (s_environmentGate)
        {
            string? previousRetry = Environment.GetEnvironmentVariable(RetryVariable);
            string? previousPath = Environment.GetEnvironmentVariable(DiskRetryPathVariable);
            try
            {
                Environment.SetEnvironmentVariable(RetryVariable, retry);
                Environment.SetEnvironmentVariable(DiskRetryPathVariable, path);
                return create();
            }
            finally
            {
                Environment.SetEnvironmentVariable(RetryVariable, previousRetry);
                Environment.SetEnvironmentVariable(DiskRetryPathVariable, previousPath);
            }
        }
    }
}
