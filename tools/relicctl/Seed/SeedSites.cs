using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Cli.Seed;

/// <summary>
/// The demo sites of one scale and seed, always the same: provinces by their weights, categories and protection
/// levels in the survey's exact proportions, positions around each province's centre, facilities likelier at
/// higher protection levels. Request ids derive from scale, seed and position, so a repeated seed creates nothing twice.
/// </summary>
public sealed class SeedSites
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "华", "丽"];

    private readonly int _seed;
    private readonly string _scale;
    private readonly int[] _provinceOfSite;
    private readonly SiteCategory[] _categories;
    private readonly ProtectionLevel[] _levels;

    public SeedSites(string scale, int total, int seed)
    {
        _scale = scale;
        _seed = seed;
        Total = total;
        ProvinceCounts = SurveyMix.Apportion(total, [.. Provinces.All.Select(province => province.Weight)]);
        _provinceOfSite = [.. ProvinceCounts.SelectMany((count, province) => Enumerable.Repeat(province, count))];

        var random = new Random(seed);
        var categoryCounts = SurveyMix.Apportion(total, [.. SurveyMix.Categories.Select(category => (double)category.Count)]);
        _categories = Shuffled(random, SurveyMix.Categories.SelectMany((category, i) => Enumerable.Repeat(category.Category, categoryCounts[i])));
        var levelCounts = SurveyMix.Apportion(total, [.. SurveyMix.Levels.Select(level => (double)level.Count)]);
        _levels = Shuffled(random, SurveyMix.Levels.SelectMany((level, i) => Enumerable.Repeat(level.Level, levelCounts[i])));
    }

    public int Total { get; }

    /// <summary>How many sites each of <see cref="Provinces.All"/> gets, same order.</summary>
    public IReadOnlyList<int> ProvinceCounts { get; }

    /// <summary>Site <paramref name="index"/>: drawn from its own random stream so any slice can be produced alone.</summary>
    public ImportSitesRequest Site(int index)
    {
        // Not HashCode.Combine: it is randomised per process, and the same seed must give the same sites in every run.
        var random = new Random(unchecked((_seed * 1_000_003) + index));
        var province = Provinces.All[_provinceOfSite[index]];
        var category = _categories[index];
        var level = _levels[index];
        var equipped = level switch
        {
            ProtectionLevel.National => 0.95,
            ProtectionLevel.Provincial => 0.8,
            ProtectionLevel.CityCounty => 0.55,
            _ => 0.25,
        };
        var county = random.Next(1, 41);
        return new ImportSitesRequest
        {
            RequestId = $"seed-{_scale}-{_seed}-{index}",
            Site = new Site
            {
                Name = $"{province.ChineseName}{CategoryWord(category)}第{index + 1}号",
                ProvinceCode = province.Code,
                County = $"{province.ChineseName}第{county}县",
                Category = category,
                ProtectionLevel = level,
                Latitude = Math.Round(Math.Clamp(province.Latitude + Spread(random, province.SpreadDegrees), -89.9, 89.9), 6),
                Longitude = Math.Round(Math.Clamp(province.Longitude + Spread(random, province.SpreadDegrees * 1.3), -179.9, 179.9), 6),
                CustodianUnit = level == ProtectionLevel.Registered ? $"{province.ChineseName}第{county}县文物管理所" : $"{province.ChineseName}文物保护中心",
                ResponsiblePerson = Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)],
                ResponsiblePhone = $"0{random.Next(10, 999):000} {random.Next(1_000_000, 9_999_999)}",
                Facilities = new SecurityFacilities
                {
                    IntrusionAlarm = random.NextDouble() < equipped,
                    Cctv = random.NextDouble() < equipped,
                    NightPatrol = random.NextDouble() < equipped,
                    FireProtection = random.NextDouble() < equipped,
                },
            },
        };
    }

    public IEnumerable<ImportSitesRequest> Range(int start, int count)
    {
        for (var index = start; index < start + count; index++)
        {
            yield return Site(index);
        }
    }

    public static string CategoryWord(SiteCategory category) => category switch
    {
        SiteCategory.AncientSite => "古遗址",
        SiteCategory.AncientTomb => "古墓葬",
        SiteCategory.AncientBuilding => "古建筑",
        SiteCategory.CaveTempleAndStoneCarving => "石窟寺及石刻",
        SiteCategory.ModernHistoricSite => "近现代重要史迹",
        _ => "其他文物",
    };

    // Roughly normal (sum of three uniforms), so sites cluster near the centre and thin out towards the edge.
    private static double Spread(Random random, double degrees) =>
        (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * degrees;

    private static T[] Shuffled<T>(Random random, IEnumerable<T> items)
    {
        var array = items.ToArray();
        random.Shuffle(array);
        return array;
    }
}
