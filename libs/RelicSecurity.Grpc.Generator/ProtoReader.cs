using System;
using System.Text;

namespace RelicSecurity.Grpc.Generator;

/// <summary>
/// Minimal protobuf wire-format reader: enough to walk a FileDescriptorSet without referencing
/// Google.Protobuf from the compiler process (analyzers must not drag runtime dependencies along).
/// </summary>
internal struct ProtoReader
{
    private readonly byte[] _buffer;
    private readonly int _end;
    private int _position;

    public ProtoReader(byte[] buffer, int start, int end)
    {
        _buffer = buffer;
        _position = start;
        _end = end;
    }

    public bool TryReadTag(out int fieldNumber, out int wireType)
    {
        if (_position >= _end)
        {
            fieldNumber = 0;
            wireType = 0;
            return false;
        }

        var tag = ReadVarint();
        fieldNumber = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (fieldNumber <= 0)
        {
            throw new FormatException("Invalid field number in descriptor set.");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _end)
            {
                throw new FormatException("Truncated varint in descriptor set.");
            }

            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new FormatException("Malformed varint in descriptor set.");
    }

    public ProtoReader ReadNested()
    {
        var length = checked((int)ReadVarint());
        if (length < 0 || _position + length > _end)
        {
            throw new FormatException("Truncated length-delimited field in descriptor set.");
        }

        var nested = new ProtoReader(_buffer, _position, _position + length);
        _position += length;
        return nested;
    }

    public string ReadString()
    {
        var nested = ReadNested();
        return Encoding.UTF8.GetString(nested._buffer, nested._position, nested._end - nested._position);
    }

    public bool ReadBool() => ReadVarint() != 0;

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Advance(8);
                break;
            case 2:
                ReadNested();
                break;
            case 5:
                Advance(4);
                break;
            default:
                throw new FormatException("Unsupported wire type " + wireType + " in descriptor set.");
        }
    }

    private void Advance(int count)
    {
        if (_position + count > _end)
        {
            throw new FormatException("Truncated fixed-size field in descriptor set.");
        }

        _position += count;
    }
}
