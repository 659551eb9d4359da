using System.Diagnostics;
using ChimeLogger.Export;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests;

/// <summary>Tests that set up the process-wide tracer run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "ChimeTelemetry process singleton";
}

/// <summary>
/// Sets ChimeLogger up with in-memory exporters (no OTLP, no file log unless asked, no machine environment)
/// and exposes what was exported.
/// </summary>
internal sealed class TelemetryHarness : IDisposable
{
    public TelemetryHarness(
        string? pipeline = "test-pipeline",
        Action<ChimeLoggerOptions>? configure = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        Tracer = ChimeTelemetry.Setup(pipeline, options =>
        {
            options.EnvironmentReader = name => environment is not null && environment.TryGetValue(name, out string? value) ? value : null;
            options.Site = "kko";
            options.OtlpExportEnabled = false;
            options.FileLogEnabled = false;
            options.MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Debug;
            options.ConfigureTracing = tracing => tracing.AddInMemoryExporter(Spans);
            options.ConfigureLogging = logging => logging.AddInMemoryExporter(Logs);
            configure?.Invoke(options);
        });
    }

    public ChimeTracer Tracer { get; }

    public List<Activity> Spans { get; } = [];

    public List<LogRecord> Logs { get; } = [];

    public Activity SingleSpan(string name) => Assert.Single(Spans, span => span.DisplayName == name);

    public IEnumerable<LogRecord> Warnings => Logs.Where(log => log.LogLevel == Microsoft.Extensions.Logging.LogLevel.Warning);

    /// <summary>How many warnings so far contain <paramref name="text"/>.</summary>
    public int WarningsContaining(string text) => Warnings.Count(w => (w.FormattedMessage ?? "").Contains(text, StringComparison.Ordinal));

    public static string? SeverityText(LogRecord record) => OpenTelemetryWorkarounds.GetSeverityText!(record);

    public static Dictionary<string, object?> Attributes(LogRecord record) =>
        (record.Attributes ?? []).GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Last().Value);

    public void Dispose()
    {
        Tracer.Dispose();
        Activity.Current = null;
    }
}
