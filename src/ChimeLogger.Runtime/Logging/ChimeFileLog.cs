using ChimeLogger.Configuration;
using ChimeLogger.Contract;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace ChimeLogger.Logging;

/// <summary>
/// The local rotating file log of <c>CHIME</c> and <c>CHIME.*</c> loggers (docs/helix-contract.md §4), written by
/// Serilog's file sink, rolled by size. Each line shows the CHIME context fields added by <see cref="ChimeLogEnricher"/>.
/// </summary>
internal static class ChimeFileLog
{
    public const string CategoryRoot = "CHIME";

    public const string OutputTemplate =
        "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {chime_level} {SourceContext} " +
        "[resource_name={resource_name} resource_type={resource_type} pipeline={pipeline} site={site} " +
        "trace_id={otel_trace_id} span_id={otel_span_id}] {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// What the file log takes: the <c>CHIME</c>/<c>CHIME.*</c> loggers, and ChimeLogger's own warnings (category
    /// <c>ChimeLogger</c>), so that a lost batch or a refused id is on record next to the pipeline's lines.
    /// </summary>
    public static bool Takes(string? category) => IsChimeCategory(category) || category == Diagnostics.ChimeWarnings.Category;

    public static bool IsChimeCategory(string? category) =>
        category is not null
        && category.StartsWith(CategoryRoot, StringComparison.Ordinal)
        && (category.Length == CategoryRoot.Length || category[CategoryRoot.Length] == '.');

    /// <summary>
    /// Checks that the file can be written (creating a missing directory), so that a bad path is reported
    /// once at setup rather than lost inside the sink.
    /// </summary>
    /// <returns><see langword="null"/> when the file is writable, otherwise why not.</returns>
    public static string? CheckWritable(string path)
    {
        try
        {
            string full = Path.GetFullPath(path);
            string? directory = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using FileStream probe = new(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ex.Message;
        }
    }

    public static ILoggerProvider CreateProvider(ChimeSettings settings)
    {
        ChimeLoggerOptions options = settings.Options;
        Serilog.Core.Logger logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.With<PythonLevelEnricher>()
            .WriteTo.File(
                settings.FileLogPath,
                outputTemplate: OutputTemplate,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                fileSizeLimitBytes: options.FileLogSizeLimitBytes,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: options.FileLogRetainedFiles,
                shared: true)
            .CreateLogger();
        return new CategoryFilteredProvider(new SerilogLoggerProvider(logger, dispose: true));
    }

    /// <summary>
    /// The file log's provider: loggers of the categories it takes (<see cref="Takes"/>) write to the file; others write
    /// nothing. The category is chosen here rather than by a filter rule of the logger factory, because a rule with a
    /// filter function replaces the factory's minimum level for its provider: the file then took DEBUG records that
    /// <see cref="ChimeLoggerOptions.MinimumLogLevel"/> keeps out of every other output. Here the factory's levels (that
    /// option, and any rule added through <see cref="ChimeLoggerOptions.ConfigureLoggerFactory"/>) apply as they do elsewhere.
    /// </summary>
    private sealed class CategoryFilteredProvider(SerilogLoggerProvider file) : ILoggerProvider, ISupportExternalScope
    {
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) =>
            Takes(categoryName) ? file.CreateLogger(categoryName) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => file.SetScopeProvider(scopeProvider);

        public void Dispose() => file.Dispose();
    }

    /// <summary>Adds the Python level name, so the file shows the same levels as the collector.</summary>
    private sealed class PythonLevelEnricher : ILogEventEnricher
    {
        private static readonly LogEventProperty[] s_levels =
        [
            new("chime_level", new ScalarValue(SeverityNames.Debug)),
            new("chime_level", new ScalarValue(SeverityNames.Debug)),
            new("chime_level", new ScalarValue(SeverityNames.Info)),
            new("chime_level", new ScalarValue(SeverityNames.Warning)),
            new("chime_level", new ScalarValue(SeverityNames.Error)),
            new("chime_level", new ScalarValue(SeverityNames.Critical)),
        ];

        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) =>
            logEvent.AddPropertyIfAbsent(s_levels[(int)logEvent.Level]);
    }
}
