using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Bench.Sites;

/// <summary>
/// Deterministic stand-in for the third national survey: 766,722 immovable relics in its category mix
/// (193,282 ancient sites, 139,458 tombs, 263,885 buildings, 24,422 cave temples and stone carvings,
/// 141,449 modern historic sites, 4,226 other), 5,058 of them national key units, spread over the
/// 31 provinces by rough weight and placed around each province's centre.
/// </summary>
public sealed class SurveyGenerator(int seed = 20231108)
{
    public const int SurveyTotal = 766_722;
    public const int NationalUnits = 5_058;

    public static readonly (SiteCategory Category, int Count, string[] Kinds)[] CategoryMix =
    [
        (SiteCategory.AncientSite, 193_282, ["遗址", "古城址", "窑址", "聚落遗址"]),
        (SiteCategory.AncientTomb, 139_458, ["墓", "墓群", "古墓葬", "陵"]),
        (SiteCategory.AncientBuilding, 263_885, ["寺", "塔", "祠堂", "古民居", "桥", "书院"]),
        (SiteCategory.CaveTempleAndStoneCarving, 24_422, ["石窟", "摩崖造像", "石刻", "碑刻"]),
        (SiteCategory.ModernHistoricSite, 141_449, ["旧址", "故居", "纪念地", "会址"]),
        (SiteCategory.Other, 4_226, ["古树", "遗迹"]),
    ];

    /// <summary>Province code, centre (lat, lon), spread in degrees and relative weight (Zhejiang ≈ 73,000 of 766,722).</summary>
    public static readonly (string Code, double Lat, double Lon, double Spread, int Weight)[] Provinces =
    [
        ("110000", 40.2, 116.4, 0.5, 4), ("120000", 39.2, 117.3, 0.4, 2), ("130000", 38.6, 115.5, 2.0, 33),
        ("140000", 37.6, 112.3, 1.8, 53), ("150000", 42.5, 113.0, 4.0, 21), ("210000", 41.3, 122.6, 1.8, 23),
        ("220000", 43.7, 126.2, 1.8, 10), ("230000", 47.0, 128.0, 3.0, 6), ("310000", 31.2, 121.4, 0.3, 4),
        ("320000", 32.9, 119.5, 1.5, 20), ("330000", 29.2, 120.1, 1.2, 95), ("340000", 31.8, 117.2, 1.5, 26),
        ("350000", 26.0, 118.2, 1.5, 31), ("360000", 27.6, 115.8, 1.6, 31), ("370000", 36.3, 118.1, 1.6, 43),
        ("410000", 33.9, 113.6, 1.6, 72), ("420000", 30.9, 112.3, 1.8, 37), ("430000", 27.6, 111.7, 1.8, 27),
        ("440000", 23.3, 113.4, 1.8, 33), ("450000", 23.8, 108.8, 1.8, 22), ("460000", 19.2, 109.7, 0.6, 5),
        ("500000", 29.8, 107.0, 1.0, 33), ("510000", 30.6, 103.9, 2.5, 85), ("520000", 26.8, 106.6, 1.5, 19),
        ("530000", 24.9, 101.5, 2.2, 26), ("540000", 31.0, 89.5, 4.0, 6), ("610000", 34.6, 108.9, 1.8, 64),
        ("620000", 36.0, 103.8, 3.0, 21), ("630000", 35.7, 97.1, 3.0, 8), ("640000", 37.3, 106.2, 0.8, 5),
        ("650000", 42.0, 85.0, 5.0, 12),
    ];

    private static readonly string[] Syllables =
    [
        "东", "西", "南", "北", "上", "下", "大", "小", "石", "金", "龙", "凤", "青", "白", "黄", "红", "马", "牛", "李", "王",
        "张", "陈", "刘", "杨", "山", "河", "湖", "溪", "桥", "岗", "坡", "庄", "营", "堡", "寨", "坪", "塘", "林", "沟", "岭",
    ];

    private readonly Random _random = new(seed);

    /// <summary>The first <paramref name="count"/> rows of the survey, categories interleaved in their proportions.</summary>
    public IEnumerable<ImportSitesRequest> Rows(int count)
    {
        var categories = CategorySequence(count);
        var totalWeight = Provinces.Sum(p => p.Weight);
        var nationalEvery = (double)SurveyTotal / NationalUnits;
        for (var i = 0; i < count; i++)
        {
            var (category, _, kinds) = CategoryMix[categories[i]];
            var province = PickProvince(totalWeight);
            var level = (int)(i % nationalEvery) == 0 && i / nationalEvery < NationalUnits ? ProtectionLevel.National
                : _random.Next(100) switch
                {
                    < 3 => ProtectionLevel.Provincial,
                    < 20 => ProtectionLevel.CityCounty,
                    _ => ProtectionLevel.Registered,
                };
            var place = Syllables[_random.Next(Syllables.Length)] + Syllables[_random.Next(Syllables.Length)] + Syllables[_random.Next(Syllables.Length)];
            yield return new ImportSitesRequest
            {
                RequestId = "survey-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Site = new Site
                {
                    Name = $"{place}{kinds[_random.Next(kinds.Length)]}{i % 97}",
                    ProvinceCode = province.Code,
                    County = place[..2] + "县",
                    Category = category,
                    ProtectionLevel = level,
                    Latitude = Math.Clamp(province.Lat + (_random.NextDouble() * 2 - 1) * province.Spread, -90, 90),
                    Longitude = Math.Clamp(province.Lon + (_random.NextDouble() * 2 - 1) * province.Spread, -180, 180),
                    CustodianUnit = place[..2] + "文物管理所",
                    ResponsiblePerson = Syllables[_random.Next(17, 20)] + Syllables[_random.Next(Syllables.Length)],
                    ResponsiblePhone = "0" + _random.Next(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Facilities = new SecurityFacilities
                    {
                        IntrusionAlarm = _random.Next(100) < 60,
                        Cctv = _random.Next(100) < 70,
                        NightPatrol = _random.Next(100) < 50,
                        FireProtection = _random.Next(100) < 80,
                    },
                },
            };
        }
    }

    public (string Code, double Lat, double Lon, double Spread, int Weight) RandomProvince(Random random) =>
        Provinces[random.Next(Provinces.Length)];

    private (string Code, double Lat, double Lon, double Spread, int Weight) PickProvince(int totalWeight)
    {
        var pick = _random.Next(totalWeight);
        foreach (var province in Provinces)
        {
            pick -= province.Weight;
            if (pick < 0)
            {
                return province;
            }
        }

        return Provinces[^1];
    }

    /// <summary>Category index per row so that any prefix keeps the survey's proportions (largest remainder).</summary>
    private static int[] CategorySequence(int count)
    {
        var result = new int[count];
        var emitted = new long[CategoryMix.Length];
        for (var i = 0; i < count; i++)
        {
            var best = 0;
            var bestDeficit = double.MinValue;
            for (var c = 0; c < CategoryMix.Length; c++)
            {
                var deficit = (double)CategoryMix[c].Count * (i + 1) / SurveyTotal - emitted[c];
                if (deficit > bestDeficit)
                {
                    bestDeficit = deficit;
                    best = c;
                }
            }

            emitted[best]++;
            result[i] = best;
        }

        return result;
    }
}
