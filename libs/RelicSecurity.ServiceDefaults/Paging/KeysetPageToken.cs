using System.Buffers.Binary;
using System.Buffers.Text;

namespace RelicSecurity.ServiceDefaults.Paging;

/// <summary>
/// Opaque keyset page token of a list sorted by (a time, an id): the sort key of the last row returned and the
/// <see cref="FilterFingerprint"/> of the query's filters (the caller's province reach included), so a token is
/// only accepted by the query that issued it.
/// </summary>
public sealed record KeysetPageToken(uint FilterFingerprint, DateTimeOffset At, Guid Id)
{
    // Version, fingerprint, UTC ticks, id (big-endian), base64url: the format Cases and Inspections issued before
    // this type was shared, so tokens already handed out stay readable.
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

    /// <returns>The position, or null when the text is not a token or was issued for other filters.</returns>
    public static KeysetPageToken? TryDecode(string token, uint expectedFingerprint)
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
        return ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
            ? null
            : new KeysetPageToken(expectedFingerprint, new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(buffer.AsSpan(13, 16), bigEndian: true));
    }
}
