namespace RelicSecurity.Sites.Domain;

/// <summary>
/// The distinct single characters and character pairs of a lower-cased name. Site names are mostly
/// Chinese and users search for one or two characters ("寺", "石窟"), which trigrams cannot index;
/// a GIN index over these grams can: every gram of a query occurs in any name containing it, so
/// "grams ⊇ grams(query)" pre-filters and ILIKE confirms.
/// </summary>
public static class NameGrams
{
    public static string[] Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lower.Length; i++)
        {
            if (!char.IsWhiteSpace(lower[i]))
            {
                grams.Add(lower.Substring(i, 1));
                if (i + 1 < lower.Length && !char.IsWhiteSpace(lower[i + 1]))
                {
                    grams.Add(lower.Substring(i, 2));
                }
            }
        }

        return [.. grams];
    }
}
