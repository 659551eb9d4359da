namespace ChimeLogger.LocalReceiver.Otlp;

/// <summary>
/// Reads protobuf's wire format field by field: varints, fixed 32/64-bit values and length-delimited bytes. Enough
/// for the OTLP export messages, whose schema <see cref="OtlpProtobuf"/> knows; unknown fields are skipped.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private const int VarintWire = 0;
    private const int Fixed64Wire = 1;
    private const int LengthDelimitedWire = 2;
    private const int Fixed32Wire = 5;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next(out int field, out int wireType)
    {
        if (_position >= _data.Length)
        {
            field = 0;
            wireType = 0;
            return false;
        }

        ulong tag = Varint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field == 0)
        {
            throw new InvalidDataException("A protobuf field number 0 was read: the message is not OTLP protobuf.");
        }

        return true;
    }

    public ulong Varint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte next = Byte();
            value |= (ulong)(next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("A protobuf varint is longer than 10 bytes.");
    }

    public ulong Fixed64()
    {
        ReadOnlySpan<byte> bytes = Take(8);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    public ReadOnlySpan<byte> Bytes()
    {
        ulong length = Varint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new InvalidDataException("A protobuf length runs past the end of the message.");
        }

        return Take((int)length);
    }

    public string String() => System.Text.Encoding.UTF8.GetString(Bytes());

    /// <summary>Passes over a field of <paramref name="wireType"/> that is not read.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case VarintWire:
                Varint();
                break;
            case Fixed64Wire:
                Take(8);
                break;
            case LengthDelimitedWire:
                Bytes();
                break;
            case Fixed32Wire:
                Take(4);
                break;
            default:
                throw new InvalidDataException($"Protobuf wire type {wireType} is not supported (groups are not used by OTLP).");
        }
    }

    private byte Byte()
    {
        if (_position >= _data.Length)
        {
            throw new InvalidDataException("A protobuf message ends in the middle of a value.");
        }

        return _data[_position++];
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new InvalidDataException("A protobuf message ends in the middle of a value.");
        }

        ReadOnlySpan<byte> slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
