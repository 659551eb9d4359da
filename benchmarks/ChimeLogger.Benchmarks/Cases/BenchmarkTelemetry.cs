using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Benchmarks.Cases;

/// <summary>
/// Sets ChimeLogger up for a benchmark process: the real tracer and logger providers, with a processor that
/// receives every span and log record and drops it, so that what is measured is the cost on the calling
/// thread and not an exporter.
/// </summary>
internal static class BenchmarkTelemetry
{
    public const string Pipeline = "bench";

    public static ChimeTracer SetUp(Sampler sampler, Action<ChimeLoggerOptions>? configure = null) =>
        ChimeTelemetry.Setup(Pipeline, options =>
        {
            options.OtlpExportEnabled = false;
            options.FileLogEnabled = false;
            options.Site = "chime";
            options.ConfigureTracing = tracing => tracing.SetSampler(sampler).AddProcessor(new DroppingSpanProcessor());
            options.ConfigureLogging = logging => logging.AddProcessor(new DroppingLogProcessor());
            configure?.Invoke(options);
        });

    /// <summary>Sees every ended span and keeps none.</summary>
    internal sealed class DroppingSpanProcessor : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
        }
    }

    /// <summary>Sees every log record and keeps none.</summary>
    internal sealed class DroppingLogProcessor : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
        }
    }
}
