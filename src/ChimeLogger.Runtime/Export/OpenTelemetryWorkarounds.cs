using System.Reflection;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ChimeLogger.Export;

/// <summary>
/// The three places where ChimeLogger reaches past OpenTelemetry .NET's public API (1.20), gathered so that an upgrade
/// has one file to check. Each accessor is bound once, when this type is first used; a test per workaround fails when
/// it no longer binds (tests/ChimeLogger.Tests/Export/OpenTelemetryWorkaroundTests.cs), so a new OpenTelemetry version that
/// renames what it relies on breaks the build's tests, not the export.
/// </summary>
internal static class OpenTelemetryWorkarounds
{
    /// <summary>The variable the OTLP exporter's constructor reads to turn on its experimental retry.</summary>
    public const string RetryVariable = "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY";

    /// <summary>The variable the OTLP exporter's constructor reads for the directory of its experimental disk retry.</summary>
    public const string DiskRetryPathVariable = "OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH";

    private static readonly Lock s_environmentGate = new();

    // BaseExporter.ParentProvider has an internal setter.
    private static readonly Action<BaseExporter<LogRecord>, BaseProvider>? s_setParentProvider =
        typeof(BaseExporter<LogRecord>).GetProperty(nameof(BaseExporter<LogRecord>.ParentProvider))?.GetSetMethod(nonPublic: true)
            ?.CreateDelegate<Action<BaseExporter<LogRecord>, BaseProvider>>();

    // LogRecord.SeverityText is public only in OpenTelemetry's experimental builds (its logs bridge API).
    private static readonly PropertyInfo? s_severityText =
        typeof(LogRecord).GetProperty("SeverityText", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    /// <summary>Sets <c>LogRecord.SeverityText</c>, which the OTLP exporter sends in place of its own short level names.</summary>
    public static readonly Action<LogRecord, string?>? SetSeverityText =
        s_severityText?.GetSetMethod(nonPublic: true)?.CreateDelegate<Action<LogRecord, string?>>();

    /// <summary>Reads <c>LogRecord.SeverityText</c>.</summary>
    public static readonly Func<LogRecord, string?>? GetSeverityText =
        s_severityText?.GetGetMethod(nonPublic: true)?.CreateDelegate<Func<LogRecord, string?>>();

    /// <summary>Whether <see cref="GiveParentProvider"/> can do its work.</summary>
    public static bool CanSetParentProvider => s_setParentProvider is not null;

    /// <summary>
    /// Creates an OTLP exporter with the exporter's own retry off, whatever the process environment says: ChimeLogger
    /// retries failed batches itself, and a second retry under it would send them twice. OpenTelemetry 1.20 reads that
    /// choice only from the environment in the exporter's public constructor (its options type for it is internal and
    /// reaches only exporters built through dependency injection), so the two variables are cleared for the moment of
    /// construction and restored right after, under a lock. Nothing else reads them in that moment but another
    /// exporter's construction, which takes the same lock.
    /// </summary>
    public static T WithoutOtlpRetry<T>(Func<T> create)
    {
        lock (s_environmentGate)
        {
            string? previousRetry = Environment.GetEnvironmentVariable(RetryVariable);
            string? previousPath = Environment.GetEnvironmentVariable(DiskRetryPathVariable);
            if (previousRetry is null && previousPath is null)
            {
                return create(); // nothing to hide: the process environment is left alone
            }

            try
            {
                Environment.SetEnvironmentVariable(RetryVariable, null);
                Environment.SetEnvironmentVariable(DiskRetryPathVariable, null);
                return create();
            }
            finally
            {
                Environment.SetEnvironmentVariable(RetryVariable, previousRetry);
                Environment.SetEnvironmentVariable(DiskRetryPathVariable, previousPath);
            }
        }
    }

    /// <summary>
    /// Hands the provider of a wrapping exporter on to the OTLP exporter it wraps: the OTLP exporter reads the resource
    /// (<c>service.name</c>, the helix attributes) from its provider, which the processor sets only on the exporter it
    /// holds, the wrapper. Returns whether it was set.
    /// </summary>
    public static bool GiveParentProvider(BaseExporter<LogRecord> exporter, BaseProvider provider)
    {
        if (s_setParentProvider is null)
        {
            return false;
        }

        s_setParentProvider(exporter, provider);
        return true;
    }
}
