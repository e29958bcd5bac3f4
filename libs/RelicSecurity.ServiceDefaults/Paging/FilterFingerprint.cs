using System.Text;

namespace RelicSecurity.ServiceDefaults.Paging;

/// <summary>
/// The fingerprint a page token carries of the filters it was issued for, so a token cannot be replayed against
/// another query. FNV-1a over the values: the same in every process and instance (unlike string.GetHashCode).
/// </summary>
public static class FilterFingerprint
{
    public static uint Of(params string?[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var hash = 2166136261u;
        foreach (var part in parts)
        {
            // An absent filter hashes as a NUL so that it differs from an empty one.
            foreach (var b in Encoding.UTF8.GetBytes(part ?? "\0"))
            {
                hash = (hash ^ b) * 16777619u;
            }

            // A separator after every value, so ("ab", "c") and ("a", "bc") differ.
            hash = (hash ^ 0x1F) * 16777619u;
        }

        return hash;
    }
}
