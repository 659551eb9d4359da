using ChimeLogger.LocalReceiver.Otlp;

namespace ChimeLogger.IntegrationTests.Infrastructure;

/// <summary>
/// The OTLP protobuf messages the exporters send (<c>ExportTraceServiceRequest</c>, <c>ExportLogsServiceRequest</c>),
/// decoded by the local receiver's own decoder (the one its entity view reads with) far enough to see what the Aspire
/// dashboard does not keep: the value type of each attribute and the severity text as sent.
/// </summary>
internal static class OtlpWire
{
    public static List<WireSpan> ReadSpans(byte[] exportTraceServiceRequest)
    {
        List<WireSpan> spans = [];
        foreach (RecordedSpan recorded in OtlpProtobuf.ReadTraces(exportTraceServiceRequest))
        {
            WireSpan span = new() { Name = recorded.Span.Name, TraceId = recorded.Span.TraceId, SpanId = recorded.Span.SpanId, Kind = recorded.Kind };
            Fill(span.Attributes, recorded.Span.Attributes);
            foreach (ChimeLogger.Testing.ReceivedSpanEvent sent in recorded.Span.Events)
            {
                WireEvent spanEvent = new() { Name = sent.Name };
                Fill(spanEvent.Attributes, sent.Attributes);
                span.Events.Add(spanEvent);
            }

            spans.Add(span);
        }

        return spans;
    }

    public static List<WireLog> ReadLogs(byte[] exportLogsServiceRequest)
    {
        List<WireLog> logs = [];
        foreach (RecordedLog recorded in OtlpProtobuf.ReadLogs(exportLogsServiceRequest))
        {
            WireLog log = new()
            {
                Category = recorded.Record.Category ?? "",
                SeverityNumber = recorded.SeverityNumber,
                SeverityText = recorded.Record.SeverityText ?? "",
                Body = recorded.Record.Message,
                TraceId = recorded.Record.TraceId ?? "",
                SpanId = recorded.Record.SpanId ?? "",
            };
            Fill(log.Attributes, recorded.Record.Attributes);
            logs.Add(log);
        }

        return logs;
    }

    // A key sent twice: the last value, as the herald's Go map keeps it.
    private static void Fill(Dictionary<string, object?> into, IEnumerable<KeyValuePair<string, object?>> attributes)
    {
        foreach (KeyValuePair<string, object?> attribute in attributes)
        {
            into[attribute.Key] = attribute.Value;
        }
    }
}

/// <summary>A span as it was sent, with attribute values in their wire types.</summary>
public sealed class WireSpan
{
    public string Name { get; set; } = "";
    public string TraceId { get; set; } = "";
    public string SpanId { get; set; } = "";
    public int Kind { get; set; }
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
    public List<WireEvent> Events { get; } = [];
}

/// <summary>A span event as it was sent.</summary>
public sealed class WireEvent
{
    public string Name { get; set; } = "";
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}

/// <summary>A log record as it was sent.</summary>
public sealed class WireLog
{
    public string Category { get; set; } = "";
    public int SeverityNumber { get; set; }
    public string SeverityText { get; set; } = "";
    public object? Body { get; set; }
    public string TraceId { get; set; } = "";
    public string SpanId { get; set; } = "";
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}
