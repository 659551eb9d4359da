namespace ChimeLogger.DiscardingReceiver;

/// <summary>
/// Counts the spans of an OTLP <c>ExportTraceServiceRequest</c> or the log records of an <c>ExportLogsServiceRequest</c>
/// by walking the protobuf wire format: field 1 of the request (resource spans or logs), field 2 of that (scope spans or
/// logs), field 2 of that (a span or a log record). Nothing else is decoded.
/// </summary>
internal static class ItemCounter
{
    /// <summary>The items of one gRPC request body (one or more length-prefixed messages).</summary>
    public static int CountFramed(ReadOnlySpan<byte> body)
    {
        int count = 0;
        while (body.Length >= 5)
        {
            int length = (body[1] << 24) | (body[2] << 16) | (body[3] << 8) | body[4];
            if (body[0] != 0 || length < 0 || length > body.Length - 5)
            {
                throw new InvalidDataException("Not an uncompressed gRPC message frame.");
            }

            count += CountAtDepth(body.Slice(5, length), [1, 2, 2]);
            body = body[(5 + length)..];
        }

        return count;
    }

    // Counts the length-delimited fields found by following the field numbers in path, one per nesting level.
    private static int CountAtDepth(ReadOnlySpan<byte> message, ReadOnlySpan<int> path)
    {
        int count = 0;
        while (!message.IsEmpty)
        {
            ulong key = ReadVarint(ref message);
            int field = (int)(key >> 3);
            int wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    ReadVarint(ref message);
                    break;
                case 1:
                    message = message[8..];
                    break;
                case 5:
                    message = message[4..];
                    break;
                case 2:
                    int length = checked((int)ReadVarint(ref message));
                    ReadOnlySpan<byte> value = message[..length];
                    message = message[length..];
                    if (field == path[0])
                    {
                        count += path.Length == 1 ? 1 : CountAtDepth(value, path[1..]);
                    }

                    break;
                default:
                    throw new InvalidDataException($"Unexpected protobuf wire type {wireType}.");
            }
        }

        return count;
    }

    private static ulong ReadVarint(ref ReadOnlySpan<byte> data)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[0];
            data = data[1..];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("A protobuf varint longer than ten bytes.");
    }
}
