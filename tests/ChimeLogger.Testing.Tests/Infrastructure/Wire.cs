
namespace ChimeLogger.Testing.Tests.Infrastructure;

/// <summary>Builds received spans and log records by hand, the way they would arrive over OTLP, for the projection rules.</summary>
internal sealed class Wire
{
    private static readonly DateTimeOffset s_origin = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private int _next;

    public List<ReceivedSpan> Spans { get; } = [];

    public List<ReceivedLogRecord> Logs { get; } = [];

    public HeraldModel Model => HeraldModel.Project(Spans, Logs);

    public ReceivedSpan Create(string stage, object? entityId, string? parents = null, string type = "event", string? traceId = null, params ReceivedSpanEvent[] events)
    {
        List<KeyValuePair<string, object?>> attributes =
        [
            new(HelixAttributes.EntityId, entityId),
            new(HelixAttributes.InstrumentId, "CHIME"),
            new(HelixAttributes.ResourceType, type),
            new(HelixAttributes.Pipeline, "test"),
        ];
        if (parents is not null)
        {
            attributes.Add(new(HelixAttributes.ParentIds, parents));
        }

        return Add(stage, attributes, events, traceId);
    }

    public ReceivedSpan Operate(string operation, object? entityId, object? isOperation = null, string? traceId = null, params ReceivedSpanEvent[] events)
    {
        List<KeyValuePair<string, object?>> attributes =
        [
            new(HelixAttributes.IsOperation, isOperation ?? "true"),
            new(HelixAttributes.InstrumentId, "CHIME"),
            new(HelixAttributes.ResourceType, "event"),
        ];
        if (entityId is not null)
        {
            attributes.Add(new(HelixAttributes.EntityId, entityId));
        }

        return Add(operation, attributes, events, traceId);
    }

    public ReceivedSpan Child(string name, string enclosingEntityId, params ReceivedSpanEvent[] events) =>
        Add(name, [new(HelixAttributes.LogEntityId, enclosingEntityId), new(HelixAttributes.InstrumentId, "CHIME")], events, traceId: null);

    public ReceivedLogRecord Log(string message, params (string Key, object? Value)[] attributes)
    {
        ReceivedLogRecord record = new(
            s_origin.AddSeconds(++_next), "INFO", message, attributes.Select(static a => new KeyValuePair<string, object?>(a.Key, a.Value)).ToArray(), "CHIME.test");
        Logs.Add(record);
        return record;
    }

    public ReceivedSpanEvent Event(string name, params (string Key, object? Value)[] attributes) =>
        new(name, s_origin.AddSeconds(++_next), attributes.Select(static a => new KeyValuePair<string, object?>(a.Key, a.Value)).ToArray());

    public ReceivedSpanEvent Error(string message, string? stage = null, params (string Key, object? Value)[] more) =>
        Event(HelixAttributes.ErrorEvent, [("message", message), .. stage is null ? Array.Empty<(string, object?)>() : [("stage", stage)], .. more]);

    private ReceivedSpan Add(string name, List<KeyValuePair<string, object?>> attributes, ReceivedSpanEvent[] events, string? traceId)
    {
        int n = ++_next;
        ReceivedSpan span = new(
            name,
            traceId ?? n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture),
            n.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
            s_origin.AddSeconds(n),
            attributes,
            events);
        Spans.Add(span);
        return span;
    }
}
