using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Cli.Seed;

/// <summary>
/// The third national survey's mix: 766,722 immovable relics by category, of which 5,058 national key
/// protection units. Demo data of any size keeps these proportions.
/// </summary>
public static class SurveyMix
{
    public const int NationalTotal = 766_722;
    public const int SmallTotal = 5_000;

    public static readonly IReadOnlyList<(SiteCategory Category, int Count)> Categories =
    [
        (SiteCategory.AncientSite, 193_282),
        (SiteCategory.AncientTomb, 139_458),
        (SiteCategory.AncientBuilding, 263_885),
        (SiteCategory.CaveTempleAndStoneCarving, 24_422),
        (SiteCategory.ModernHistoricSite, 141_449),
        (SiteCategory.Other, 4_226),
    ];

    /// <summary>Protection levels per 100,000 relics: national units as surveyed, provincial and city/county units estimated.</summary>
    public static readonly IReadOnlyList<(ProtectionLevel Level, int Count)> Levels =
    [
        (ProtectionLevel.National, 660),
        (ProtectionLevel.Provincial, 1_800),
        (ProtectionLevel.CityCounty, 8_500),
        (ProtectionLevel.Registered, 89_040),
    ];

    /// <summary>
    /// Shares <paramref name="total"/> out in proportion to <paramref name="weights"/> (largest remainders), so
    /// the parts add up exactly and the full survey size reproduces the survey's own counts.
    /// </summary>
    public static int[] Apportion(int total, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var sum = weights.Sum();
        var exact = weights.Select(weight => total * weight / sum).ToArray();
        var parts = exact.Select(value => (int)Math.Floor(value)).ToArray();
        var left = total - parts.Sum();
        foreach (var index in Enumerable.Range(0, weights.Count).OrderByDescending(i => exact[i] - parts[i]).ThenBy(i => i).Take(left))
        {
            parts[index]++;
        }

        return parts;
    }
}
