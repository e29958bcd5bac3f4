using System.Buffers;
using System.Buffers.Binary;
using RelicSecurity.Grpc.Internal;

namespace RelicSecurity.Grpc.Client;

/// <summary>Reads length-prefixed frames from a response stream through one pooled buffer.</summary>
internal sealed class ResponseFrameReader(Stream stream) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _start;
    private int _end;

    /// <summary>The next frame's payload (valid until the next call), or null at a clean end of stream.</summary>
    public async ValueTask<(bool Compressed, ReadOnlyMemory<byte> Payload)?> ReadFrameAsync(int maxSize, CancellationToken cancellationToken)
    {
        if (!await FillAsync(GrpcProtocol.HeaderSize, cancellationToken).ConfigureAwait(false))
        {
            if (_end - _start == 0)
            {
                return null;
            }

            throw new RpcException(new Status(StatusCode.Internal, "Response stream ended in the middle of a message prefix."));
        }

        var flag = _buffer[_start];
        if (flag > 1)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Invalid compressed flag {flag} in response message prefix."));
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start + 1));
        if (length > (uint)maxSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"Response message of {length} bytes exceeds the maximum message size of {maxSize} bytes."));
        }

        var total = GrpcProtocol.HeaderSize + (int)length;
        if (!await FillAsync(total, cancellationToken).ConfigureAwait(false))
        {
            throw new RpcException(new Status(StatusCode.Internal, "Response stream ended in the middle of a message."));
        }

        var payload = _buffer.AsMemory(_start + GrpcProtocol.HeaderSize, (int)length);
        _start += total;
        return (flag == 1, payload);
    }

    private async ValueTask<bool> FillAsync(int needed, CancellationToken cancellationToken)
    {
        if (_end - _start >= needed)
        {
            return true;
        }

        if (_buffer.Length - _start < needed)
        {
            // Compact, growing when one frame is larger than the buffer.
            var target = _buffer.Length >= needed ? _buffer : ArrayPool<byte>.Shared.Rent(needed);
            Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
            if (!ReferenceEquals(target, _buffer))
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = target;
            }

            _end -= _start;
            _start = 0;
        }

        while (_end - _start < needed)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        stream.Dispose();
    }
}
