using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>
/// Opaque keyset cursor of a list: the sort key of the last row returned (a time and an id) and a
/// fingerprint of the filters (the caller's province reach included), so a token cannot be replayed
/// against another query.
/// </summary>
public sealed record PageToken(uint FilterFingerprint, DateTimeOffset At, Guid Id)
{
    private const byte FormatVersion = 1;
    private const int Length = 1 + 4 + 8 + 16;

    public string Encode()
    {
        var buffer = new byte[Length];
        buffer[0] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1), FilterFingerprint);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(5), At.UtcTicks);
        Id.TryWriteBytes(buffer.AsSpan(13), bigEndian: true, out _);
        return Base64Url.EncodeToString(buffer);
    }

    public static PageToken? TryDecode(string token, uint expectedFingerprint)
    {
        byte[] buffer;
        try
        {
            buffer = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }

        if (buffer.Length != Length || buffer[0] != FormatVersion || BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(1)) != expectedFingerprint)
        {
            return null;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(5));
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return null;
        }

        return new PageToken(expectedFingerprint, new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(buffer.AsSpan(13, 16), bigEndian: true));
    }

    /// <summary>FNV-1a over the filter values: stable across processes and instances (unlike string.GetHashCode).</summary>
    public static uint Fingerprint(params string?[] parts)
    {
        var hash = 2166136261u;
        foreach (var part in parts)
        {
            foreach (var b in Encoding.UTF8.GetBytes(part ?? "\0"))
            {
                hash = (hash ^ b) * 16777619u;
            }

            hash = (hash ^ 0x1F) * 16777619u;
        }

        return hash;
    }
}
