using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace ChimeLogger.Benchmarks.Export;

/// <summary>
/// The OTLP/gRPC trace exporter, counting what the batch processor hands it and how each export ends. It is a
/// subclass rather than a wrapper so that the tracer provider still gives it the resource (service.name).
/// </summary>
internal sealed class CountingOtlpExporter(OtlpExporterOptions options) : OtlpTraceExporter(options)
{
    private long _received;
    private long _exported;
    private long _failed;
    private long _batches;
    private long _exportTicks;

    /// <summary>Spans handed to the exporter (what the batch processor did not drop).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Spans of exports the receiver acknowledged.</summary>
    public long Exported => Interlocked.Read(ref _exported);

    /// <summary>Spans of exports that failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Time spent in exports (serialisation and the gRPC round trip).</summary>
    public TimeSpan ExportTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _exportTicks));

    /// <summary>
    /// Waits until every batch handed to the exporter has finished exporting. A flush of the batch processor
    /// returns once the queue is taken, while the last batch may still be on its way.
    /// </summary>
    public bool WaitForExportsInFlight(TimeSpan timeout)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (Exported + Failed < Received)
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(5);
        }

        return true;
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        long count = batch.Count;
        Interlocked.Add(ref _received, count);
        long start = Stopwatch.GetTimestamp();
        ExportResult result = base.Export(batch);
        Interlocked.Add(ref _exportTicks, Stopwatch.GetTimestamp() - start);
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref result == ExportResult.Success ? ref _exported : ref _failed, count);
        return result;
    }
}
