using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace RelicSecurity.Sites.Persistence;

/// <summary>
/// Opaque keyset cursor of ListSites: the sort key of the last row returned (negated score, name,
/// id) plus the filters' <see cref="RelicSecurity.ServiceDefaults.Paging.FilterFingerprint"/>, so a token cannot be replayed against another query.
/// </summary>
public sealed record PageToken(uint FilterFingerprint, int NegatedScore, string Name, Guid SiteId)
{
    private const byte FormatVersion = 1;
    private const int HeaderLength = 1 + 4 + 4 + 16;

    public string Encode()
    {
        var nameBytes = Encoding.UTF8.GetBytes(Name);
        var buffer = new byte[HeaderLength + nameBytes.Length];
        buffer[0] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1), FilterFingerprint);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(5), NegatedScore);
        SiteId.TryWriteBytes(buffer.AsSpan(9), bigEndian: true, out _);
        nameBytes.CopyTo(buffer.AsSpan(HeaderLength));
        return Base64Url.EncodeToString(buffer);
    }

    public static bool TryDecode(string token, out PageToken? pageToken)
    {
        pageToken = null;
        byte[] buffer;
        try
        {
            buffer = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        if (buffer.Length < HeaderLength || buffer[0] != FormatVersion)
        {
            return false;
        }

        string name;
        try
        {
            name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, HeaderLength, buffer.Length - HeaderLength);
        }
        catch (ArgumentException)
        {
            return false;
        }

        pageToken = new PageToken(
            BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(1)),
            BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(5)),
            name,
            new Guid(buffer.AsSpan(9, 16), bigEndian: true));
        return true;
    }
}
