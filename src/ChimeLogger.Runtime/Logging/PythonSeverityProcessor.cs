using ChimeLogger.Contract;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ChimeLogger.Logging;

/// <summary>
/// Sets the OTLP severity text to the Python level names (<c>DEBUG</c>, <c>INFO</c>, <c>WARNING</c>,
/// <c>ERROR</c>, <c>CRITICAL</c>) that the collector lowercases into the Loki <c>level</c> label the
/// HelixObs dashboards filter on (docs/helix-contract.md §4). Runs before the exporters.
/// </summary>
/// <remarks>
/// The OTLP exporter writes <c>LogRecord.SeverityText</c> when it is set and OpenTelemetry's short names
/// (<c>Info</c>, <c>Warn</c>) otherwise. Stable OpenTelemetry builds keep that setter non-public
/// (<see cref="Export.OpenTelemetryWorkarounds.SetSeverityText"/>).
/// </remarks>
internal sealed class PythonSeverityProcessor : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data) => Export.OpenTelemetryWorkarounds.SetSeverityText?.Invoke(data, PythonLevels.Of(data.LogLevel));
}

/// <summary>Python logging level names for .NET log levels.</summary>
internal static class PythonLevels
{
    public static string Of(Microsoft.Extensions.Logging.LogLevel level) => level switch
    {
        Microsoft.Extensions.Logging.LogLevel.Trace or Microsoft.Extensions.Logging.LogLevel.Debug => SeverityNames.Debug,
        Microsoft.Extensions.Logging.LogLevel.Information => SeverityNames.Info,
        Microsoft.Extensions.Logging.LogLevel.Warning => SeverityNames.Warning,
        Microsoft.Extensions.Logging.LogLevel.Error => SeverityNames.Error,
        _ => SeverityNames.Critical,
    };
}
