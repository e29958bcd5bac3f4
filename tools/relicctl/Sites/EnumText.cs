using System.Reflection;
using Google.Protobuf.Reflection;

namespace RelicSecurity.Cli.Sites;

/// <summary>
/// Enum values as people type and read them: the .proto name without its prefix (ANCIENT_TOMB), accepted
/// in any case with '-' or '_' (ancient-tomb), or the full .proto name (SITE_CATEGORY_ANCIENT_TOMB).
/// </summary>
public static class EnumText
{
    public static string Show<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        var original = ProtoName(value);
        var prefix = Prefix<TEnum>();
        return original.StartsWith(prefix, StringComparison.Ordinal) ? original[prefix.Length..] : original;
    }

    public static bool TryParse<TEnum>(string text, out TEnum value) where TEnum : struct, Enum
    {
        var wanted = Normalize(text);
        var prefix = Normalize(Prefix<TEnum>());
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            var name = Normalize(ProtoName(candidate));
            if (Convert.ToInt32(candidate, System.Globalization.CultureInfo.InvariantCulture) != 0 && (name == wanted || name == prefix + wanted))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The values one may type, for help texts and error messages.</summary>
    public static string Choices<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Where(value => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0).Select(Show));

    private static string ProtoName<TEnum>(TEnum value) where TEnum : struct, Enum =>
        typeof(TEnum).GetField(value.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? value.ToString();

    // Every value's .proto name starts with the enum's name in UPPER_SNAKE (SITE_CATEGORY_): the zero value shows it.
    private static string Prefix<TEnum>() where TEnum : struct, Enum
    {
        var zero = ProtoName(default(TEnum));
        return zero.EndsWith("UNSPECIFIED", StringComparison.Ordinal) ? zero[..^"UNSPECIFIED".Length] : "";
    }

    private static string Normalize(string text) => text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
}
