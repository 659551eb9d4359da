using System.Globalization;

namespace ChimeLogger.Configuration;

/// <summary>
/// What a later <c>ChimeTelemetry.Setup</c> asked for that the process tracer does not do. Only what that call
/// stated (the pipeline argument and options set in code) is compared: the environment is the process's and already in
/// effect. Secrets are never shown, only named.
/// </summary>
internal static class SetupDifferences
{
    public static IReadOnlyList<string> Describe(ChimeSettings effective, ChimeSettings requested, ChimeLoggerOptions stated, string? pipeline)
    {
        ChimeLoggerOptions defaults = new();
        ChimeLoggerOptions inEffect = effective.Options;
        List<string> differences = [];

        void Compare<T>(string name, bool isStated, T wanted, T actual)
        {
            if (isStated && !EqualityComparer<T>.Default.Equals(wanted, actual))
            {
                differences.Add($"{name} {Show(wanted)} (in effect: {Show(actual)})");
            }
        }

        Compare("pipeline", !string.IsNullOrWhiteSpace(pipeline) || !string.IsNullOrWhiteSpace(stated.Pipeline), requested.PipelineOrUnknown, effective.PipelineOrUnknown);
        Compare("Site", !string.IsNullOrWhiteSpace(stated.Site), requested.SiteOrUnknown, effective.SiteOrUnknown);
        Compare("InstrumentId", stated.InstrumentId != defaults.InstrumentId, requested.InstrumentId, effective.InstrumentId);
        Compare("ServiceName", stated.ServiceName is not null, requested.ServiceName, effective.ServiceName);
        Compare("ProcessName", stated.ProcessName is not null, requested.ProcessName, effective.ProcessName);
        Compare("HeraldEndpoint", stated.HeraldEndpoint is not null || stated.Insecure is not null, requested.HeraldEndpoint, effective.HeraldEndpoint);
        Compare("LogsEndpoint", stated.LogsEndpoint is not null || stated.Insecure is not null, requested.LogsEndpoint, effective.LogsEndpoint);
        Compare("AuthEndpoint", stated.AuthEndpoint is not null, requested.AuthEndpoint, effective.AuthEndpoint);
        if ((stated.Credential is not null && stated.Credential != inEffect.Credential)
            || (stated.CredentialCallback is not null && !ReferenceEquals(stated.CredentialCallback, inEffect.CredentialCallback)))
        {
            differences.Add("a credential (not shown; the first Setup's herald token stays in use)");
        }

        Compare("FileLogEnabled", stated.FileLogEnabled != defaults.FileLogEnabled, stated.FileLogEnabled, inEffect.FileLogEnabled);
        Compare("FileLogPath", stated.FileLogPath is not null, Path.GetFullPath(requested.FileLogPath), Path.GetFullPath(effective.FileLogPath));
        Compare("FileLogSizeLimitBytes", stated.FileLogSizeLimitBytes != defaults.FileLogSizeLimitBytes, stated.FileLogSizeLimitBytes, inEffect.FileLogSizeLimitBytes);
        Compare("FileLogRetainedFiles", stated.FileLogRetainedFiles != defaults.FileLogRetainedFiles, stated.FileLogRetainedFiles, inEffect.FileLogRetainedFiles);
        Compare("ConsoleLogging", stated.ConsoleLogging != defaults.ConsoleLogging, stated.ConsoleLogging, inEffect.ConsoleLogging);
        Compare("WarningsToStandardError", stated.WarningsToStandardError != defaults.WarningsToStandardError, stated.WarningsToStandardError, inEffect.WarningsToStandardError);
        Compare("MinimumLogLevel", stated.MinimumLogLevel != defaults.MinimumLogLevel, stated.MinimumLogLevel, inEffect.MinimumLogLevel);
        Compare("OtlpExportEnabled", stated.OtlpExportEnabled != defaults.OtlpExportEnabled, stated.OtlpExportEnabled, inEffect.OtlpExportEnabled);
        Compare("ExportQueueSize", stated.ExportQueueSize is not null, requested.ExportQueueSize, effective.ExportQueueSize);
        Compare("ExportRetry", stated.ExportRetry is not null, requested.ExportRetry, effective.ExportRetry);
        Compare("ExportRetryPath", stated.ExportRetryPath is not null, requested.ExportRetryPath, effective.ExportRetryPath);
        Compare("ExportRetryWindow", stated.ExportRetryWindow is not null, requested.ExportRetryWindow, effective.ExportRetryWindow);
        Compare("ExportRetryDiskLimitBytes", stated.ExportRetryDiskLimitBytes is not null, requested.ExportRetryDiskLimitBytes, effective.ExportRetryDiskLimitBytes);
        Compare("ExportInterval", stated.ExportInterval is not null, requested.ExportInterval, effective.ExportInterval);
        Compare("ExportCreationPause", stated.ExportCreationPause is not null, requested.ExportCreationPause, effective.ExportCreationPause);
        Compare("ShutdownTimeout", stated.ShutdownTimeout != defaults.ShutdownTimeout, stated.ShutdownTimeout, inEffect.ShutdownTimeout);
        Compare("WatchTerminationSignals", stated.WatchTerminationSignals != defaults.WatchTerminationSignals, stated.WatchTerminationSignals, inEffect.WatchTerminationSignals);
        Compare("AuthTimeout", stated.AuthTimeout != defaults.AuthTimeout, stated.AuthTimeout, inEffect.AuthTimeout);
        if (stated.Sampler is not null && !ReferenceEquals(stated.Sampler, inEffect.Sampler))
        {
            differences.Add($"Sampler ({stated.Sampler.Description}; not applied, in effect: {inEffect.Sampler?.Description ?? "none"})");
        }

        AddIfSet(differences, "ConfigureTracing", stated.ConfigureTracing, inEffect.ConfigureTracing);
        AddIfSet(differences, "ConfigureLogging", stated.ConfigureLogging, inEffect.ConfigureLogging);
        AddIfSet(differences, "ConfigureLoggerFactory", stated.ConfigureLoggerFactory, inEffect.ConfigureLoggerFactory);
        return differences;
    }

    // Callbacks cannot be compared by what they do: one that is not the one in effect is reported as not applied.
    private static void AddIfSet(List<string> differences, string name, Delegate? wanted, Delegate? actual)
    {
        if (wanted is not null && !ReferenceEquals(wanted, actual))
        {
            differences.Add($"{name} (a callback; not applied)");
        }
    }

    private static string Show<T>(T value) => value switch
    {
        null => "none",
        string text => "'" + text + "'",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "none",
    };
}
