using System.Buffers.Binary;
using System.Text;

namespace ChimeLogger.CountingReceiver;

/// <summary>
/// Reads, from an OTLP export request, the one attribute per item that identifies it: <c>helix.entity.id</c> of
/// each span, <c>resource_name</c> of each log record. Field numbers are those of opentelemetry-proto
/// (collector/trace/v1, trace/v1/trace.proto, logs/v1/logs.proto, common/v1/common.proto).
/// </summary>
internal static class EntityIdReader
{
    /// <summary>The <c>helix.entity.id</c> of each span of an <c>ExportTraceServiceRequest</c> (empty when absent).</summary>
    public static List<string> SpanIds(ReadOnlyMemory<byte> request) =>
        ItemIds(request, itemField: 2, attributesField: 9, "helix.entity.id");

    /// <summary>The <c>resource_name</c> of each log record of an <c>ExportLogsServiceRequest</c> (empty when absent).</summary>
    public static List<string> LogIds(ReadOnlyMemory<byte> request) =>
        ItemIds(request, itemField: 2, attributesField: 6, "resource_name");

    /// <summary>The message of a gRPC frame: a compressed flag byte, a big-endian length, then the message.</summary>
    public static ReadOnlyMemory<byte> Unframe(byte[] frame) =>
        frame.Length >= 5
            ? frame.AsMemory(5, (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1, 4)), (uint)(frame.Length - 5)))
            : ReadOnlyMemory<byte>.Empty;

    // request: resource_* (1) -> scope_* (2) -> item (2 in both ScopeSpans and ScopeLogs) -> attributes.
    private static List<string> ItemIds(ReadOnlyMemory<byte> request, int itemField, int attributesField, string key)
    {
        List<string> ids = [];
        foreach (ReadOnlyMemory<byte> resource in Fields(request, 1))
        {
            foreach (ReadOnlyMemory<byte> scope in Fields(resource, 2))
            {
                foreach (ReadOnlyMemory<byte> item in Fields(scope, itemField))
                {
                    string id = "";
                    foreach (ReadOnlyMemory<byte> attribute in Fields(item, attributesField))
                    {
                        // KeyValue: key (1), value (2, AnyValue with string_value 1).
                        if (Strings(attribute, 1).FirstOrDefault() == key)
                        {
                            foreach (ReadOnlyMemory<byte> value in Fields(attribute, 2))
                            {
                                id = Strings(value, 1).FirstOrDefault() ?? "";
                            }
                        }
                    }

                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    internal static IEnumerable<string> Strings(ReadOnlyMemory<byte> message, int field) =>
        Fields(message, field).Select(bytes => Encoding.UTF8.GetString(bytes.Span));

    // The length-delimited fields numbered `field` of a protobuf message; other fields are skipped.
    internal static List<ReadOnlyMemory<byte>> Fields(ReadOnlyMemory<byte> message, int field)
    {
        List<ReadOnlyMemory<byte>> found = [];
        int position = 0;
        while (NextField(message.Span, ref position, out int number, out int wireType, out int start, out int length))
        {
            if (number == field && wireType == 2)
            {
                found.Add(message.Slice(start, length));
            }
        }

        return found;
    }

    /// <summary>The first fixed64 field numbered <paramref name="field"/> of a protobuf message (a span's times), or 0.</summary>
    internal static ulong Fixed64(ReadOnlyMemory<byte> message, int field)
    {
        int position = 0;
        while (NextField(message.Span, ref position, out int number, out int wireType, out int start, out _))
        {
            if (number == field && wireType == 1)
            {
                return BinaryPrimitives.ReadUInt64LittleEndian(message.Span.Slice(start, 8));
            }
        }

        return 0;
    }

    // Reads the field at `position`: its number, wire type and where its value lies; false at the end of the message.
    private static bool NextField(ReadOnlySpan<byte> span, ref int position, out int number, out int wireType, out int start, out int length)
    {
        number = wireType = start = length = 0;
        if (position >= span.Length)
        {
            return false;
        }

        ulong tag = Varint(span, ref position);
        number = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        switch (wireType)
        {
            case 0:
                start = position;
                Varint(span, ref position);
                length = position - start;
                break;
            case 1:
                (start, length) = (position, 8);
                break;
            case 2:
                length = (int)Varint(span, ref position);
                start = position;
                break;
            case 5:
                (start, length) = (position, 4);
                break;
            default:
                throw new InvalidDataException($"Unsupported protobuf wire type {wireType}.");
        }

        if (wireType != 0)
        {
            position += length;
        }

        return true;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("Malformed protobuf varint.");
    }
}
