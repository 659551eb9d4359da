using System.Diagnostics;
using OpenTelemetry;

namespace ChimeLogger.Export;

/// <summary>
/// The flush of a bounded pipeline. OpenTelemetry's batch processor drains its queue into the exporter but does not
/// flush the exporter, under which the retry backlog may still hold batches; and it reports its queue empty once its
/// export thread has taken the last batch, before that export is done. A flush is complete when every item that had
/// entered the gate when it began has come out: exported, failed, or (disk retry) stored. Items that end during the
/// flush are not waited for, so that a busy pipeline's flush still ends.
/// </summary>
internal static class PipelineFlush
{
    public static bool Through<T>(int timeoutMilliseconds, Func<int, bool> drainQueue, BaseExporter<T> exporter, ExportGate gate)
        where T : class
    {
        long started = Stopwatch.GetTimestamp();
        int limit = timeoutMilliseconds < 0 ? int.MaxValue : timeoutMilliseconds;
        int Left() => (int)Math.Max(0, limit - (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        long admitted = gate.Ended - gate.Dropped;

        bool drained = drainQueue(timeoutMilliseconds);
        bool flushed = exporter.ForceFlush(Left());
        while (gate.Ended - gate.Dropped - gate.Inside < admitted)
        {
            if (Left() == 0)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return drained && flushed;
    }
}
