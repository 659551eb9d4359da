using System.Reflection;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ChimeLogger.Testing;

/// <summary>
/// Copies each log record, as it would travel over OTLP, into the herald scope of the flow that writes it. It runs
/// after ChimeLogger's own processors, so the record already carries the CHIME fields and the Python severity text.
/// </summary>
internal sealed class LogCapture(HeraldHost host) : BaseProcessor<LogRecord>
{
    private const string OriginalFormat = "{OriginalFormat}";

    // Stable OpenTelemetry builds keep LogRecord.SeverityText non-public; read it the way the OTLP exporter sees it.
    private static readonly Func<LogRecord, string?>? s_severityText = typeof(LogRecord)
        .GetProperty("SeverityText", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?
        .GetGetMethod(nonPublic: true)?
        .CreateDelegate<Func<LogRecord, string?>>();

    public override void OnEnd(LogRecord data)
    {
        if (host.ScopeOfCurrentFlow() is { IsOpen: true } scope)
        {
            scope.Add(ToReceived(data));
        }
    }

    // LogRecord instances are pooled and reused once OnEnd returns: everything is copied here.
    private static ReceivedLogRecord ToReceived(LogRecord record)
    {
        List<KeyValuePair<string, object?>> attributes = [.. record.Attributes ?? []];

        // The OTLP exporter sends the values of logger scopes as attributes too.
        record.ForEachScope(
            static (scope, list) =>
            {
                foreach (KeyValuePair<string, object?> item in scope)
                {
                    if (item.Key != OriginalFormat)
                    {
                        list.Add(item);
                    }
                }
            },
            attributes);

        return new ReceivedLogRecord(
            new DateTimeOffset(DateTime.SpecifyKind(record.Timestamp, DateTimeKind.Utc)),
            s_severityText?.Invoke(record),
            record.FormattedMessage ?? record.Body,
            attributes.Where(static pair => pair.Value is not null).ToArray(),
            record.CategoryName,
            record.TraceId == default ? null : record.TraceId.ToHexString(),
            record.SpanId == default ? null : record.SpanId.ToHexString());
    }
}
