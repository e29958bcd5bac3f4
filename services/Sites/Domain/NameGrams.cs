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

    /// <summary>
    /// The grams a name must contain to contain <paramref name="query"/>: its character pairs, or its
    /// characters when it has no pair. Single characters are left out when pairs exist: they are implied
    /// by the pairs and common ones ("石") have posting lists a hundred times longer than any pair.
    /// </summary>
    public static string[] ForQuery(string query)
    {
        var grams = Of(query);
        var pairs = grams.Where(g => g.Length == 2).ToArray();
        return pairs.Length > 0 ? pairs : grams;
    }
}
