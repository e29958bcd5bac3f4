using System.Text;

namespace RelicSecurity.Testing;

/// <summary>Turns a test's prefix into a valid, unique PostgreSQL database name.</summary>
public static class DatabaseNames
{
    public static string Unique(string prefix, int sequence)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var clean = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            clean.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        if (clean.Length == 0 || !char.IsAsciiLetter(clean[0]))
        {
            clean.Insert(0, 'd');
        }
        var suffix = $"_{sequence}_{Guid.NewGuid().ToString("N")[..6]}";
        var head = clean.ToString();
        return head[..Math.Min(head.Length, 63 - suffix.Length)] + suffix;
    }
}
