using System.Diagnostics;
using System.Globalization;

namespace ChimeLogger.Benchmarks.Burst;

/// <summary>
/// In a process of its own: <see cref="ChimeTelemetry.Setup"/> with default options (only the endpoints given and the file
/// log in a temporary folder), then 10,000 operate spans as fast as one loop can emit them, then waits until every
/// span is exported, dropped or failed. Prints <c>burst &lt;exported&gt; &lt;dropped&gt; &lt;failed&gt; &lt;emit ms&gt; &lt;drain ms&gt;</c>.
/// </summary>
internal static class BurstTrial
{
    public const string Argument = "--burst-trial";
    public const string ResultPrefix = "burst";
    public const int Spans = 10_000;

    public static int Run(string pipeline, Uri endpoint)
    {
        string folder = Path.Combine(Path.GetTempPath(), "chimelogger-burst-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            using ChimeTracer tracer = ChimeTelemetry.Setup(pipeline, options =>
            {
                options.HeraldEndpoint = endpoint.ToString();
                options.LogsEndpoint = endpoint.ToString();
                options.FileLogPath = Path.Combine(folder, "chime_pipeline.log");
                options.WarningsToStandardError = false;
            });

            long started = Stopwatch.GetTimestamp();
            for (int i = 0; i < Spans; i++)
            {
                using HelixToken span = tracer.Operate("beamform", "beam-" + i.ToString("00000", CultureInfo.InvariantCulture), "beam");
            }

            double emitted = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            ExportStatistics statistics = tracer.ExportStatistics;
            while (statistics.SpansExported + statistics.SpansDropped + statistics.SpansFailed < Spans
                   && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(4))
            {
                Thread.Sleep(20);
                statistics = tracer.ExportStatistics;
            }

            double drained = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ResultPrefix} {statistics.SpansExported} {statistics.SpansDropped} {statistics.SpansFailed} {emitted:F0} {drained:F0}"));
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The file log may still be closing; the temp folder is cleaned eventually.
            }
        }
    }
}
