using ChimeLogger.Testing;

namespace ChimeLogger.LocalReceiver.Otlp;

/// <summary>
/// Decodes the OTLP export requests (<c>ExportTraceServiceRequest</c>, <c>ExportLogsServiceRequest</c>) into
/// ChimeLogger.Testing's wire model, keeping each attribute value in the type it travelled in (string, bool, long,
/// double, array, map, bytes): the herald reads its system keys only when they are strings (docs/helix-contract.md §1),
/// which the dashboard's API cannot tell. Field numbers are those of opentelemetry-proto's trace, logs, resource
/// and common messages.
/// </summary>
internal static class OtlpProtobuf
{
    public static List<RecordedSpan> ReadTraces(ReadOnlySpan<byte> request)
    {
        List<RecordedSpan> spans = [];
        ProtoReader reader = new(request);
        while (reader.Next(out int field, out int wireType))
        {
            if (field == 1 && wireType == 2)
            {
                ReadResourceSpans(reader.Bytes(), spans);
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return spans;
    }

    public static List<RecordedLog> ReadLogs(ReadOnlySpan<byte> request)
    {
        List<RecordedLog> logs = [];
        ProtoReader reader = new(request);
        while (reader.Next(out int field, out int wireType))
        {
            if (field == 1 && wireType == 2)
            {
                ReadResourceLogs(reader.Bytes(), logs);
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return logs;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> resourceSpans, List<RecordedSpan> spans)
    {
        // The resource may come after the scopes on the wire: read it first, then the spans.
        string? service = ServiceName(resourceSpans);
        ProtoReader reader = new(resourceSpans);
        while (reader.Next(out int field, out int wireType))
        {
            if (field == 2 && wireType == 2)
            {
                ProtoReader scope = new(reader.Bytes());
                while (scope.Next(out int scopeField, out int scopeWire))
                {
                    if (scopeField == 2 && scopeWire == 2)
                    {
                        spans.Add(ReadSpan(scope.Bytes(), service));
                    }
                    else
                    {
                        scope.Skip(scopeWire);
                    }
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private static void ReadResourceLogs(ReadOnlySpan<byte> resourceLogs, List<RecordedLog> logs)
    {
        string? service = ServiceName(resourceLogs);
        ProtoReader reader = new(resourceLogs);
        while (reader.Next(out int field, out int wireType))
        {
            if (field == 2 && wireType == 2)
            {
                ReadScopeLogs(reader.Bytes(), service, logs);
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private static void ReadScopeLogs(ReadOnlySpan<byte> scopeLogs, string? service, List<RecordedLog> logs)
    {
        // A .NET logger's category travels as the instrumentation scope's name.
        string? category = null;
        ProtoReader first = new(scopeLogs);
        while (first.Next(out int field, out int wireType))
        {
            if (field == 1 && wireType == 2)
            {
                category = ScopeName(first.Bytes());
            }
            else
            {
                first.Skip(wireType);
            }
        }

        ProtoReader reader = new(scopeLogs);
        while (reader.Next(out int field, out int wireType))
        {
            if (field == 2 && wireType == 2)
            {
                (ReceivedLogRecord record, int severityNumber) = ReadLogRecord(reader.Bytes(), category);
                logs.Add(new RecordedLog(record, service, severityNumber));
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private static RecordedSpan ReadSpan(ReadOnlySpan<byte> span, string? service)
    {
        string traceId = "", spanId = "", name = "";
        string? parentSpanId = null;
        ulong start = 0, end = 0;
        int kind = 0, statusCode = 0;
        List<KeyValuePair<string, object?>> attributes = [];
        List<ReceivedSpanEvent> events = [];
        ProtoReader reader = new(span);
        while (reader.Next(out int field, out int wireType))
        {
            switch (field)
            {
                case 1 when wireType == 2:
                    traceId = Id(reader.Bytes()) ?? "";
                    break;
                case 2 when wireType == 2:
                    spanId = Id(reader.Bytes()) ?? "";
                    break;
                case 4 when wireType == 2:
                    parentSpanId = Id(reader.Bytes());
                    break;
                case 5 when wireType == 2:
                    name = reader.String();
                    break;
                case 6 when wireType == 0:
                    kind = (int)reader.Varint();
                    break;
                case 7 when wireType == 1:
                    start = reader.Fixed64();
                    break;
                case 8 when wireType == 1:
                    end = reader.Fixed64();
                    break;
                case 9 when wireType == 2:
                    attributes.Add(KeyValue(reader.Bytes()));
                    break;
                case 11 when wireType == 2:
                    events.Add(ReadEvent(reader.Bytes()));
                    break;
                case 15 when wireType == 2:
                    statusCode = StatusCode(reader.Bytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        ReceivedSpan received = new(name, traceId, spanId, Time(start), attributes, events, parentSpanId);
        return new RecordedSpan(received, Time(end), service, statusCode, kind);
    }

    private static ReceivedSpanEvent ReadEvent(ReadOnlySpan<byte> spanEvent)
    {
        string name = "";
        ulong time = 0;
        List<KeyValuePair<string, object?>> attributes = [];
        ProtoReader reader = new(spanEvent);
        while (reader.Next(out int field, out int wireType))
        {
            switch (field)
            {
                case 1 when wireType == 1:
                    time = reader.Fixed64();
                    break;
                case 2 when wireType == 2:
                    name = reader.String();
                    break;
                case 3 when wireType == 2:
                    attributes.Add(KeyValue(reader.Bytes()));
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return new ReceivedSpanEvent(name, Time(time), attributes);
    }

    private static (ReceivedLogRecord Record, int SeverityNumber) ReadLogRecord(ReadOnlySpan<byte> record, string? category)
    {
        ulong time = 0, observed = 0;
        int severityNumber = 0;
        string? severityText = null, traceId = null, spanId = null;
        object? body = null;
        List<KeyValuePair<string, object?>> attributes = [];
        ProtoReader reader = new(record);
        while (reader.Next(out int field, out int wireType))
        {
            switch (field)
            {
                case 1 when wireType == 1:
                    time = reader.Fixed64();
                    break;
                case 11 when wireType == 1:
                    observed = reader.Fixed64();
                    break;
                case 2 when wireType == 0:
                    severityNumber = (int)reader.Varint();
                    break;
                case 3 when wireType == 2:
                    severityText = reader.String();
                    break;
                case 5 when wireType == 2:
                    body = AnyValue(reader.Bytes());
                    break;
                case 6 when wireType == 2:
                    attributes.Add(KeyValue(reader.Bytes()));
                    break;
                case 9 when wireType == 2:
                    traceId = Id(reader.Bytes());
                    break;
                case 10 when wireType == 2:
                    spanId = Id(reader.Bytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        string? message = body switch
        {
            null => null,
            string text => text,
            _ => Convert.ToString(body, System.Globalization.CultureInfo.InvariantCulture),
        };
        return (new ReceivedLogRecord(Time(time != 0 ? time : observed), severityText, message, attributes, category, traceId, spanId), severityNumber);
    }

    private static string? ServiceName(ReadOnlySpan<byte> resourceMessage)
    {
        ProtoReader reader = new(resourceMessage);
        while (reader.Next(out int field, out int wireType))
        {
            if (field != 1 || wireType != 2)
            {
                reader.Skip(wireType);
                continue;
            }

            ProtoReader resource = new(reader.Bytes());
            while (resource.Next(out int resourceField, out int resourceWire))
            {
                if (resourceField == 1 && resourceWire == 2)
                {
                    KeyValuePair<string, object?> attribute = KeyValue(resource.Bytes());
                    if (attribute.Key == "service.name" && attribute.Value is string service)
                    {
                        return service;
                    }
                }
                else
                {
                    resource.Skip(resourceWire);
                }
            }
        }

        return null;
    }

    private static string? ScopeName(ReadOnlySpan<byte> scope)
    {
        ProtoReader reader = new(scope);
        while (reader.Next(out int field, out int wireType))
        {
            if (field == 1 && wireType == 2)
            {
                return reader.String();
            }

            reader.Skip(wireType);
        }

        return null;
    }

    private static int StatusCode(ReadOnlySpan<byte> status)
    {
        ProtoReader reader = new(status);
        int code = 0;
        while (reader.Next(out int field, out int wireType))
        {
            if (field == 3 && wireType == 0)
            {
                code = (int)reader.Varint();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return code;
    }

    private static KeyValuePair<string, object?> KeyValue(ReadOnlySpan<byte> keyValue)
    {
        string key = "";
        object? value = null;
        ProtoReader reader = new(keyValue);
        while (reader.Next(out int field, out int wireType))
        {
            switch (field)
            {
                case 1 when wireType == 2:
                    key = reader.String();
                    break;
                case 2 when wireType == 2:
                    value = AnyValue(reader.Bytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return new KeyValuePair<string, object?>(key, value);
    }

    /// <summary>An <c>AnyValue</c> in the CLR type of its kind: string, bool, long, double, object?[], a list of pairs, byte[].</summary>
    private static object? AnyValue(ReadOnlySpan<byte> anyValue)
    {
        object? value = null;
        ProtoReader reader = new(anyValue);
        while (reader.Next(out int field, out int wireType))
        {
            switch (field)
            {
                case 1 when wireType == 2:
                    value = reader.String();
                    break;
                case 2 when wireType == 0:
                    value = reader.Varint() != 0;
                    break;
                case 3 when wireType == 0:
                    value = unchecked((long)reader.Varint());
                    break;
                case 4 when wireType == 1:
                    value = BitConverter.UInt64BitsToDouble(reader.Fixed64());
                    break;
                case 5 when wireType == 2:
                    value = Repeated(reader.Bytes(), static item => AnyValue(item));
                    break;
                case 6 when wireType == 2:
                    value = Repeated(reader.Bytes(), static item => (object?)KeyValue(item));
                    break;
                case 7 when wireType == 2:
                    value = reader.Bytes().ToArray();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return value;
    }

    private delegate object? ItemReader(ReadOnlySpan<byte> item);

    // ArrayValue and KeyValueList both hold their items in field 1.
    private static object?[] Repeated(ReadOnlySpan<byte> list, ItemReader read)
    {
        List<object?> items = [];
        ProtoReader reader = new(list);
        while (reader.Next(out int field, out int wireType))
        {
            if (field == 1 && wireType == 2)
            {
                items.Add(read(reader.Bytes()));
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return items.ToArray();
    }

    // An empty or all-zero id means "none" (a root span's parent, a record written outside any span).
    private static string? Id(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty || !bytes.ContainsAnyExcept((byte)0) ? null : Convert.ToHexStringLower(bytes);

    private static DateTimeOffset Time(ulong unixNanoseconds) => DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanoseconds / 100));
}

/// <summary>A span as the entity view keeps it: the herald's wire view, plus what the pages show beside it.</summary>
/// <param name="Span">The span with its attribute values in the types they travelled in.</param>
/// <param name="EndTime">When the span ended (an operation's duration is end minus start).</param>
/// <param name="ServiceName">The resource's <c>service.name</c>, or <see langword="null"/>.</param>
/// <param name="StatusCode">The OTLP status code (0 unset, 1 ok, 2 error).</param>
/// <param name="Kind">The OTLP span kind (1 internal, 2 server, 3 client, 4 producer, 5 consumer).</param>
internal sealed record RecordedSpan(ReceivedSpan Span, DateTimeOffset EndTime, string? ServiceName, int StatusCode, int Kind);

/// <summary>A log record as the entity view keeps it.</summary>
/// <param name="Record">The record with its attribute values in the types they travelled in.</param>
/// <param name="ServiceName">The resource's <c>service.name</c>, or <see langword="null"/>.</param>
/// <param name="SeverityNumber">The OTLP severity number (9 info, 13 warning, 17 error, ...).</param>
internal sealed record RecordedLog(ReceivedLogRecord Record, string? ServiceName, int SeverityNumber);
