using System.Buffers.Binary;

namespace ChimeLogger.IntegrationTests.Infrastructure;

/// <summary>
/// Decodes the OTLP protobuf messages the exporters send (<c>ExportTraceServiceRequest</c>,
/// <c>ExportLogsServiceRequest</c>) far enough to see what the Aspire dashboard does not keep: the value type
/// of each attribute and the severity text as sent. Field numbers are those of opentelemetry-proto
/// (trace/v1/trace.proto, logs/v1/logs.proto, common/v1/common.proto).
/// </summary>
internal static class OtlpWire
{
    public static List<WireSpan> ReadSpans(byte[] exportTraceServiceRequest)
    {
        List<WireSpan> spans = [];
        foreach (ReadOnlyMemory<byte> resourceSpans in Messages(exportTraceServiceRequest, 1))
        {
            foreach (ReadOnlyMemory<byte> scopeSpans in Messages(resourceSpans, 2))
            {
                foreach (ReadOnlyMemory<byte> span in Messages(scopeSpans, 2))
                {
                    spans.Add(ReadSpan(span));
                }
            }
        }

        return spans;
    }

    public static List<WireLog> ReadLogs(byte[] exportLogsServiceRequest)
    {
        List<WireLog> logs = [];
        foreach (ReadOnlyMemory<byte> resourceLogs in Messages(exportLogsServiceRequest, 1))
        {
            foreach (ReadOnlyMemory<byte> scopeLogs in Messages(resourceLogs, 2))
            {
                string category = "";
                foreach (ReadOnlyMemory<byte> scope in Messages(scopeLogs, 1))
                {
                    category = Strings(scope, 1).FirstOrDefault() ?? "";
                }

                foreach (ReadOnlyMemory<byte> record in Messages(scopeLogs, 2))
                {
                    WireLog log = new() { Category = category };
                    Reader reader = new(record);
                    while (reader.Next(out int field, out int wireType))
                    {
                        switch (field)
                        {
                            case 2 when wireType == 0:
                                log.SeverityNumber = (int)reader.Varint();
                                break;
                            case 3 when wireType == 2:
                                log.SeverityText = reader.String();
                                break;
                            case 5 when wireType == 2:
                                log.Body = AnyValue(reader.Bytes());
                                break;
                            case 6 when wireType == 2:
                                AddAttribute(log.Attributes, reader.Bytes());
                                break;
                            case 9 when wireType == 2:
                                log.TraceId = Convert.ToHexStringLower(reader.Bytes().Span);
                                break;
                            case 10 when wireType == 2:
                                log.SpanId = Convert.ToHexStringLower(reader.Bytes().Span);
                                break;
                            default:
                                reader.Skip(wireType);
                                break;
                        }
                    }

                    logs.Add(log);
                }
            }
        }

        return logs;
    }

    private static WireSpan ReadSpan(ReadOnlyMemory<byte> span)
    {
        WireSpan result = new();
        Reader reader = new(span);
        while (reader.Next(out int field, out int wireType))
        {
            switch (field)
            {
                case 1 when wireType == 2:
                    result.TraceId = Convert.ToHexStringLower(reader.Bytes().Span);
                    break;
                case 2 when wireType == 2:
                    result.SpanId = Convert.ToHexStringLower(reader.Bytes().Span);
                    break;
                case 5 when wireType == 2:
                    result.Name = reader.String();
                    break;
                case 6 when wireType == 0:
                    result.Kind = (int)reader.Varint();
                    break;
                case 9 when wireType == 2:
                    AddAttribute(result.Attributes, reader.Bytes());
                    break;
                case 11 when wireType == 2:
                    result.Events.Add(ReadEvent(reader.Bytes()));
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return result;
    }

    private static WireEvent ReadEvent(ReadOnlyMemory<byte> spanEvent)
    {
        WireEvent result = new();
        Reader reader = new(spanEvent);
        while (reader.Next(out int field, out int wireType))
        {
            switch (field)
            {
                case 2 when wireType == 2:
                    result.Name = reader.String();
                    break;
                case 3 when wireType == 2:
                    AddAttribute(result.Attributes, reader.Bytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return result;
    }

    private static void AddAttribute(Dictionary<string, object?> attributes, ReadOnlyMemory<byte> keyValue)
    {
        string key = "";
        object? value = null;
        Reader reader = new(keyValue);
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

        attributes[key] = value;
    }

    /// <summary>An <c>AnyValue</c> as a CLR value of the same type: string, bool, long, double, object?[] or byte[].</summary>
    private static object? AnyValue(ReadOnlyMemory<byte> anyValue)
    {
        Reader reader = new(anyValue);
        object? value = null;
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
                    value = (long)reader.Varint();
                    break;
                case 4 when wireType == 1:
                    value = BitConverter.UInt64BitsToDouble(reader.Fixed64());
                    break;
                case 5 when wireType == 2:
                    value = Messages(reader.Bytes(), 1).Select(AnyValue).ToArray();
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

    private static IEnumerable<ReadOnlyMemory<byte>> Messages(ReadOnlyMemory<byte> message, int fieldNumber)
    {
        List<ReadOnlyMemory<byte>> found = [];
        Reader reader = new(message);
        while (reader.Next(out int field, out int wireType))
        {
            if (field == fieldNumber && wireType == 2)
            {
                found.Add(reader.Bytes());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return found;
    }

    private static IEnumerable<string> Strings(ReadOnlyMemory<byte> message, int fieldNumber) =>
        Messages(message, fieldNumber).Select(bytes => System.Text.Encoding.UTF8.GetString(bytes.Span));

    /// <summary>The protobuf wire format: varint tags, then varint, fixed64, length-delimited or fixed32 payloads.</summary>
    private struct Reader(ReadOnlyMemory<byte> data)
    {
        private int _position;

        public bool Next(out int field, out int wireType)
        {
            if (_position >= data.Length)
            {
                field = 0;
                wireType = 0;
                return false;
            }

            ulong tag = Varint();
            field = (int)(tag >> 3);
            wireType = (int)(tag & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = data.Span[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }
        }

        public ulong Fixed64()
        {
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(data.Span.Slice(_position, 8));
            _position += 8;
            return value;
        }

        public ReadOnlyMemory<byte> Bytes()
        {
            int length = (int)Varint();
            ReadOnlyMemory<byte> bytes = data.Slice(_position, length);
            _position += length;
            return bytes;
        }

        public string String() => System.Text.Encoding.UTF8.GetString(Bytes().Span);

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    _position += 8;
                    break;
                case 2:
                    Bytes();
                    break;
                case 5:
                    _position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wireType} at offset {_position}.");
            }
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
