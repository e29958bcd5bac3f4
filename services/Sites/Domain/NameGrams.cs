namespace RelicSecurity.Sites.Domain;

/// <summary>
/// The distinct single characters and character pairs of a lower-cased name. Site names are mostly
/// Chinese and users search for one or two characters ("寺", "石窟"), which trigrams cannot index;
/// a GIN index over these grams can: every gram of a query occurs in any name containing it, so
/// "grams ⊇ grams(query)" pre-filters and ILIKE confirms.
/// </summary>
/// <remarks>
/// A site stores its grams scoped by its province ("330000:石窟"). A query naming a province (the usual
/// case: provincial bureaus search their own sites) then reads that province's posting lists only —
/// a few hundred rows instead of the whole country's thousands; a query without a province asks
/// each of the 31 provinces (an OR of 31 index lookups of the same total length as one unscoped one).
/// </remarks>
public static class NameGrams
{
    private const char ScopeSeparator = ':';

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

    /// <summary>What the name_grams column holds for a site: the grams of its name scoped by its province.</summary>
    public static string[] Indexed(string name, string provinceCode) => Scoped(provinceCode, Of(name));

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

    /// <summary>The grams of <paramref name="query"/> as a site of <paramref name="provinceCode"/> stores them.</summary>
    public static string[] ForQuery(string query, string provinceCode) => Scoped(provinceCode, ForQuery(query));

    // Same form as the SQL function site_name_grams_in (migration 0003).
    private static string[] Scoped(string provinceCode, string[] grams)
    {
        ArgumentNullException.ThrowIfNull(provinceCode);
        return [.. grams.Select(g => provinceCode + ScopeSeparator + g)];
    }
}
