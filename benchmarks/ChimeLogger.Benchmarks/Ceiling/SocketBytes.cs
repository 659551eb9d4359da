using System.Diagnostics.Tracing;

namespace ChimeLogger.Benchmarks.Ceiling;

/// <summary>
/// Bytes this process has sent over sockets, from the runtime's <c>System.Net.Sockets</c> counters (<c>bytes-sent</c>,
/// a running total): what the OTLP exporter put on the wire (protobuf, gRPC framing, HTTP/2 frames and headers).
/// The runtime only counts while a listener is enabled, so this is created before the exporter sends anything.
/// </summary>
internal sealed class SocketBytes : EventListener
{
    private const string SourceName = "System.Net.Sockets";
    private double _sent = -1;
    private int _updates;

    /// <summary>The running total of the last counter update, or -1 before the first.</summary>
    public double Sent => Volatile.Read(ref _sent);

    /// <summary>Waits for two counter updates after now, so that <see cref="Sent"/> includes what was sent before the call.</summary>
    public double SentSoFar(TimeSpan timeout)
    {
        int seen = Volatile.Read(ref _updates);
        DateTime until = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _updates) < seen + 2 && DateTime.UtcNow < until)
        {
            Thread.Sleep(20);
        }

        return Sent;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            EnableEvents(eventSource, EventLevel.Informational, EventKeywords.None, new Dictionary<string, string?> { ["EventCounterIntervalSec"] = "0.1" });
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "EventCounters" || eventData.Payload is not { Count: > 0 } payload
            || payload[0] is not IDictionary<string, object?> counter
            || !counter.TryGetValue("Name", out object? name) || name as string != "bytes-sent")
        {
            return;
        }

        if (counter.TryGetValue("Mean", out object? mean) && mean is double total)
        {
            Volatile.Write(ref _sent, total);
            Interlocked.Increment(ref _updates);
        }
    }
}
