using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace RelicSecurity.Cases.Persistence;

/// <summary>
/// Opaque page token of the newest-first lists: the (created_at, id) of the last row returned and a fingerprint of
/// the filters, so a token cannot be replayed against another query.
/// </summary>
public sealed record KeysetPosition(uint FilterFingerprint, DateTimeOffset CreatedAt, Guid Id)
{
    private const byte FormatVersion = 1;
    private const int Length = 1 + 4 + 8 + 16;

    public string Encode()
    {
        var buffer = new byte[Length];
        buffer[0] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1), FilterFingerprint);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(5), CreatedAt.UtcTicks);
        Id.TryWriteBytes(buffer.AsSpan(13), bigEndian: true, out _);
        return Base64Url.EncodeToString(buffer);
    }

    public static KeysetPosition? TryDecode(string token, uint expectedFingerprint)
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
        return ticks is < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks
            ? null
            : new KeysetPosition(expectedFingerprint, new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(buffer.AsSpan(13, 16), bigEndian: true));
    }

    /// <summary>FNV-1a over the filter values: the same in every process and instance.</summary>
    public static uint Fingerprint(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var hash = 2166136261u;
        foreach (var part in parts)
        {
            foreach (var b in Encoding.UTF8.GetBytes(part))
            {
                hash = (hash ^ b) * 16777619u;
            }

            hash = (hash ^ 0x1F) * 16777619u;
        }

        return hash;
    }
}
