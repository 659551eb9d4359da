using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChimeLogger.LocalReceiver.Model;

/// <summary>
/// Reads the OTLP-JSON answers of the dashboard's telemetry API
/// (<c>{"data": {"resourceSpans" | "resourceLogs": [...]}, "totalCount": n, "returnedCount": n}</c>)
/// into the read model.
/// </summary>
internal static class OtlpJsonReader
{
    public static List<ReceivedSpan> ReadSpans(JsonElement root)
    {
        List<ReceivedSpan> spans = [];
        foreach (JsonElement resourceSpans in Array(Data(root), "resourceSpans"))
        {
            IReadOnlyDictionary<string, string> resource = Attributes(Object(resourceSpans, "resource"));
            foreach (JsonElement scopeSpans in Array(resourceSpans, "scopeSpans"))
            {
                string scope = String(Object(scopeSpans, "scope"), "name") ?? "";
                foreach (JsonElement span in Array(scopeSpans, "spans"))
                {
                    spans.Add(ReadSpan(span, scope, resource));
                }
            }
        }

        return spans;
    }

    public static List<ReceivedLog> ReadLogs(JsonElement root)
    {
        List<ReceivedLog> logs = [];
        foreach (JsonElement resourceLogs in Array(Data(root), "resourceLogs"))
        {
            IReadOnlyDictionary<string, string> resource = Attributes(Object(resourceLogs, "resource"));
            foreach (JsonElement scopeLogs in Array(resourceLogs, "scopeLogs"))
            {
                string scope = String(Object(scopeLogs, "scope"), "name") ?? "";
                foreach (JsonElement record in Array(scopeLogs, "logRecords"))
                {
                    logs.Add(new ReceivedLog
                    {
                        Time = Time(record, "timeUnixNano"),
                        SeverityNumber = Int(record, "severityNumber"),
                        SeverityText = String(record, "severityText") ?? "",
                        Body = record.TryGetProperty("body", out JsonElement body) ? Value(body) : "",
                        Attributes = Attributes(record),
                        TraceId = Id(record, "traceId"),
                        SpanId = Id(record, "spanId"),
                        ScopeName = scope,
                        ResourceAttributes = resource,
                    });
                }
            }
        }

        return logs;
    }

    public static List<ReceivedResource> ReadResources(JsonElement root)
    {
        List<ReceivedResource> resources = [];
        if (root.ValueKind != JsonValueKind.Array)
        {
            return resources;
        }

        foreach (JsonElement resource in root.EnumerateArray())
        {
            string name = String(resource, "name") ?? "";
            resources.Add(new ReceivedResource(
                name,
                String(resource, "displayName") ?? name,
                Bool(resource, "hasLogs"),
                Bool(resource, "hasTraces"),
                Bool(resource, "hasMetrics")));
        }

        return resources;
    }

    private static ReceivedSpan ReadSpan(JsonElement span, string scope, IReadOnlyDictionary<string, string> resource)
    {
        List<ReceivedSpanEvent> events = [];
        foreach (JsonElement spanEvent in Array(span, "events"))
        {
            events.Add(new ReceivedSpanEvent(String(spanEvent, "name") ?? "", Time(spanEvent, "timeUnixNano"), Attributes(spanEvent)));
        }

        List<ReceivedSpanLink> links = [];
        foreach (JsonElement link in Array(span, "links"))
        {
            links.Add(new ReceivedSpanLink(Id(link, "traceId") ?? "", Id(link, "spanId") ?? "", Attributes(link)));
        }

        ReceivedStatus status = ReceivedStatus.Unset;
        if (Object(span, "status") is { ValueKind: JsonValueKind.Object } statusElement)
        {
            string? message = String(statusElement, "message");
            status = new ReceivedStatus((ReceivedStatusCode)Int(statusElement, "code"), string.IsNullOrEmpty(message) ? null : message);
        }

        return new ReceivedSpan
        {
            Name = String(span, "name") ?? "",
            TraceId = Id(span, "traceId") ?? "",
            SpanId = Id(span, "spanId") ?? "",
            ParentSpanId = Id(span, "parentSpanId"),
            Kind = Int(span, "kind"),
            StartTime = Time(span, "startTimeUnixNano"),
            EndTime = Time(span, "endTimeUnixNano"),
            Attributes = Attributes(span),
            Events = events,
            Links = links,
            Status = status,
            ScopeName = scope,
            ResourceAttributes = resource,
        };
    }

    private static JsonElement Data(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out JsonElement data) ? data : root;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out JsonElement array)
        && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    private static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) ? value : default;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out JsonElement value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // Ids are hex in OTLP-JSON; an empty or all-zero id means "none".
    private static string? Id(JsonElement element, string name) =>
        String(element, name) is { Length: > 0 } id && id.Any(c => c != '0') ? id.ToLowerInvariant() : null;

    private static int Int(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out JsonElement value))
        {
            return 0;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out int number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int number) => number,
            _ => 0,
        };
    }

    private static bool Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out JsonElement value)
        && value.ValueKind == JsonValueKind.True;

    private static DateTimeOffset Time(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out JsonElement value))
        {
            return DateTimeOffset.UnixEpoch;
        }

        ulong nanoseconds = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetUInt64(out ulong number) => number,
            JsonValueKind.String when ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong number) => number,
            _ => 0,
        };
        return DateTimeOffset.UnixEpoch.AddTicks((long)(nanoseconds / 100));
    }

    private static Dictionary<string, string> Attributes(JsonElement owner)
    {
        Dictionary<string, string> attributes = new(StringComparer.Ordinal);
        foreach (JsonElement attribute in Array(owner, "attributes"))
        {
            if (String(attribute, "key") is { } key)
            {
                attributes[key] = attribute.TryGetProperty("value", out JsonElement value) ? Value(value) : "";
            }
        }

        return attributes;
    }

    /// <summary>An OTLP <c>AnyValue</c> as text: scalars invariant, arrays and maps as JSON.</summary>
    private static string Value(JsonElement anyValue)
    {
        if (anyValue.ValueKind != JsonValueKind.Object)
        {
            return anyValue.ValueKind == JsonValueKind.String ? anyValue.GetString() ?? "" : anyValue.GetRawText();
        }

        foreach (JsonProperty property in anyValue.EnumerateObject())
        {
            switch (property.Name)
            {
                case "stringValue":
                case "intValue":
                case "doubleValue":
                case "bytesValue":
                    return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.GetRawText();
                case "boolValue":
                    return property.Value.ValueKind == JsonValueKind.True ? "true" : "false";
                case "arrayValue":
                    return "[" + string.Join(",", Array(property.Value, "values").Select(Value)) + "]";
                case "kvlistValue":
                    StringBuilder map = new("{");
                    foreach (JsonElement pair in Array(property.Value, "values"))
                    {
                        if (map.Length > 1)
                        {
                            map.Append(',');
                        }

                        map.Append(String(pair, "key")).Append('=');
                        map.Append(pair.TryGetProperty("value", out JsonElement inner) ? Value(inner) : "");
                    }

                    return map.Append('}').ToString();
            }
        }

        return "";
    }
}
