using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace RelicSecurity.Grpc.Internal;

/// <summary>Length-prefixed message framing, serialization and gzip, shared by server and client.</summary>
internal static class MessageCodec
{
    /// <summary>Writes one framed message (flag, length, payload) into <paramref name="output"/>.</summary>
    public static void WriteFrame<T>(IBufferWriter<byte> output, T message, int maxSize, bool gzip, string side)
        where T : IMessage<T>
    {
        var size = message.CalculateSize();
        if (size > maxSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"{side} message of {size} bytes exceeds the maximum message size of {maxSize} bytes."));
        }

        if (!gzip)
        {
            var span = output.GetSpan(GrpcProtocol.HeaderSize + size);
            span[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(1), (uint)size);
            message.WriteTo(span.Slice(GrpcProtocol.HeaderSize, size));
            output.Advance(GrpcProtocol.HeaderSize + size);
            return;
        }

        var plain = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            message.WriteTo(plain.AsSpan(0, size));
            using var compressed = new PooledBufferWriter(Math.Max(size / 2, 64));
            using (var gz = new GZipStream(compressed.AsStream(), CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(plain, 0, size);
            }

            var span = output.GetSpan(GrpcProtocol.HeaderSize + compressed.WrittenCount);
            span[0] = 1;
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(1), (uint)compressed.WrittenCount);
            compressed.WrittenSpan.CopyTo(span.Slice(GrpcProtocol.HeaderSize));
            output.Advance(GrpcProtocol.HeaderSize + compressed.WrittenCount);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    /// <summary>
    /// Looks for one whole frame at the start of <paramref name="buffer"/>. Checks the flag and the declared
    /// length against the limit as soon as the 5-byte prefix is there, before the payload is buffered.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxSize, string side, out bool compressed, out ReadOnlySequence<byte> payload)
    {
        compressed = false;
        payload = default;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
        buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(new Status(StatusCode.Internal, $"Invalid compressed flag {header[0]} in message prefix (must be 0 or 1).")),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(1));
        if (length > (uint)maxSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"{side} message of {length} bytes exceeds the maximum message size of {maxSize} bytes."));
        }

        if (buffer.Length < GrpcProtocol.HeaderSize + length)
        {
            return false;
        }

        payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Parses a payload, decompressing it first when flagged. Bad bytes → INTERNAL naming the message kind.</summary>
    public static T Parse<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload, bool compressed, string? encoding, int maxSize, string side)
        where T : IMessage<T>
    {
        if (compressed)
        {
            if (encoding is null || encoding == GrpcProtocol.IdentityEncoding)
            {
                throw new RpcException(new Status(StatusCode.Internal,
                    $"{side} message is flagged compressed but no grpc-encoding was sent."));
            }

            using var plain = Decompress(payload, maxSize, side);
            return ParsePlain(parser, new ReadOnlySequence<byte>(plain.WrittenMemory), side);
        }

        return ParsePlain(parser, payload, side);
    }

    private static T ParsePlain<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload, string side)
        where T : IMessage<T>
    {
        try
        {
            // A span parse skips the segmented-buffer setup; a small message is almost always in one segment.
            return payload.IsSingleSegment ? parser.ParseFrom(payload.FirstSpan) : parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"{side} message is not valid protobuf: {ex.Message}"));
        }
    }

    private static PooledBufferWriter Decompress(ReadOnlySequence<byte> payload, int maxSize, string side)
    {
        var output = new PooledBufferWriter((int)Math.Min(Math.Max(payload.Length * 4, 256), maxSize + 1L));
        try
        {
            using var gz = new GZipStream(new ReadOnlySequenceStream(payload), CompressionMode.Decompress);
            while (true)
            {
                var span = output.GetSpan(4096);
                var read = gz.Read(span);
                if (read == 0)
                {
                    return output;
                }

                output.Advance(read);
                // Cap the inflated size too, or a small bomb becomes a huge allocation.
                if (output.WrittenCount > maxSize)
                {
                    throw new RpcException(new Status(StatusCode.ResourceExhausted,
                        $"{side} message decompresses to more than the maximum message size of {maxSize} bytes."));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            output.Dispose();
            throw new RpcException(new Status(StatusCode.Internal, $"{side} message is not valid gzip: {ex.Message}"));
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }
}
