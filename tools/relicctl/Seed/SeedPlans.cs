using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;

namespace RelicSecurity.Cli.Seed;

/// <summary>What one demo case becomes: its lead province, kind, the stage it reaches, a joining province, supervision and relics.</summary>
public sealed record CasePlan(int Index, string RequestId, Province Lead, CaseType Type, CaseStage Stage, Province? Joins, Supervision Supervision,
    DateTimeOffset OccurredAt, IReadOnlyList<RelicPlan> Relics);

/// <summary>A relic of a demo case: registered STOLEN, then perhaps seized, appraised and handed over (custody kinds in order).</summary>
public sealed record RelicPlan(string RequestId, Relic Relic, IReadOnlyList<CustodyEventKind> Custody);

/// <summary>A demo inspection: how far it gets, its findings, and for each finding whether an order is issued and verified.</summary>
public sealed record InspectionPlan(int Index, string RequestId, Province Province, int SiteCount, InspectionState Reaches, DateTimeOffset WindowStart,
    IReadOnlyList<FindingPlan> Findings);

public sealed record FindingPlan(string RequestId, FindingCategory Category, Severity Severity, string Description, bool Ordered, int DeadlineDays, bool Verified);

/// <summary>
/// The demo cases and inspections of one scale and seed, in plausible proportions: about one case and one inspection per
/// sixteen sites up to <see cref="MaxCases"/> and <see cref="MaxInspections"/>, three relics a case, more than half of them still sought. Each record draws from its own random stream and
/// its request ids derive from scale, seed and position, so a repeated seed reaches the same records and creates none.
/// </summary>
public sealed class SeedPlans(string scale, int siteTotal, int seed, DateTimeOffset now)
{
    public const int SitesPerCase = 16;
    public const int SitesPerInspection = 16;

    // Why a cap: one case per sixteen sites would give the national survey's 766,722 sites 47,920 cases, while the whole
    // country handles a few thousand relic-crime cases a year (the 2023–2025 campaign against relic crime), and the demo
    // cases occurred within the last two years (OccurredAt, 5–720 days back): about two years' worth is 6,000. Inspections
    // stand for the joint cultural-heritage, public-security and fire inspections that leave findings, capped alike. At
    // ~14 calls per case-and-inspection pair that is ~85,000 calls, seven minutes at the gateway's default 200 calls/s
    // per caller (48k of each would be ~660,000 calls, about an hour). Small scale (312 of each) is far below the caps.
    public const int MaxCases = 6_000;
    public const int MaxInspections = 6_000;

    private static readonly (CaseType Type, double Weight)[] Types =
    [
        (CaseType.IllegalExcavation, 35), (CaseType.MuseumTheft, 4), (CaseType.StoneCarvingTheft, 12), (CaseType.BuildingComponentTheft, 10),
        (CaseType.InscriptionTheft, 5), (CaseType.Smuggling, 8), (CaseType.IllegalTrade, 15), (CaseType.Destruction, 8), (CaseType.Other, 3),
    ];

    // Where cases stand: most are still being investigated, few have come to judgment.
    private static readonly (CaseStage Stage, double Weight)[] Stages =
    [
        (CaseStage.Reported, 18), (CaseStage.Filed, 20), (CaseStage.Investigating, 26), (CaseStage.SuspectsDetained, 12), (CaseStage.Prosecution, 8),
        (CaseStage.Trial, 5), (CaseStage.JudgmentEffective, 5), (CaseStage.Closed, 4), (CaseStage.Dropped, 2),
    ];

    private static readonly (string Type, string Word, string Material, string Period, string Feature)[] Objects =
    [
        ("bronze/ding", "青铜鼎", "bronze", "Western Zhou", "taotie mask on the belly, three legs"),
        ("bronze/mirror", "铜镜", "bronze", "Tang", "lotus and phoenix pattern, knob with a loop"),
        ("ceramics/vase", "青花瓷瓶", "porcelain", "Ming", "blue and white dragons among clouds"),
        ("ceramics/jar", "彩陶罐", "pottery", "Neolithic", "painted spirals in black and red"),
        ("ceramics/figurine", "唐三彩俑", "earthenware", "Tang", "three-colour glaze, horse rider"),
        ("stone/buddha head", "石雕佛首", "limestone", "Northern Wei", "serene smile, cut at the neck"),
        ("stone/stele", "石碑", "stone", "Tang", "inscribed with a temple record"),
        ("jade/bi", "玉璧", "jade", "Warring States", "grain pattern, a chip on the rim"),
        ("painting/scroll", "绢本画轴", "silk", "Qing", "landscape with a seal of the collector"),
        ("wood/bracket", "木构斗拱", "wood", "Qing", "carved and painted bracket set from a hall"),
        ("gold/ornament", "金饰", "gold", "Liao", "openwork flowers, hairpin"),
        ("coin/hoard", "铜钱窖藏", "bronze", "Song", "strung cash coins, corroded"),
    ];

    private static readonly (FindingCategory Category, string Description)[] FindingKinds =
    [
        (FindingCategory.SecurityFacility, "周界报警失灵"), (FindingCategory.SecurityFacility, "监控摄像头离线"), (FindingCategory.FireSafety, "灭火器过期"),
        (FindingCategory.FireSafety, "电线私拉乱接"), (FindingCategory.Structural, "梁架开裂"), (FindingCategory.StaffingAndPatrol, "夜间无人巡查"),
        (FindingCategory.UnlicensedConstruction, "保护范围内违章建房"), (FindingCategory.SignsOfIllegalExcavation, "发现新鲜盗洞"),
        (FindingCategory.Other, "标志牌缺失"),
    ];

    private readonly double[] _provinceWeights = [.. Provinces.All.Select(province => province.Weight)];

    public int CaseCount { get; } = Math.Clamp(siteTotal / SitesPerCase, 1, MaxCases);

    public int InspectionCount { get; } = Math.Clamp(siteTotal / SitesPerInspection, 1, MaxInspections);

    public CasePlan Case(int index)
    {
        var random = Stream(1, index);
        var lead = Provinces.All[Pick(random, _provinceWeights)];
        var type = Types[Pick(random, [.. Types.Select(t => t.Weight)])].Type;
        var stage = Stages[Pick(random, [.. Stages.Select(s => s.Weight)])].Stage;
        var joins = random.NextDouble() < 0.15 ? Provinces.All[Pick(random, _provinceWeights)] : null;
        var supervisionDraw = random.NextDouble();
        var supervision = supervisionDraw < 0.04 ? Supervision.National : supervisionDraw < 0.14 ? Supervision.Provincial : Supervision.None;
        var relicCount = 1 + random.Next(0, 3) + random.Next(0, 3);
        var relics = Enumerable.Range(0, relicCount).Select(r => RelicFor(random, index, r, lead, stage)).ToList();
        return new CasePlan(index, $"seed-{scale}-{seed}-case-{index}", lead, type, stage, joins == lead ? null : joins, supervision,
            now.AddDays(-random.Next(5, 720)).AddHours(-random.Next(0, 24)), relics);
    }

    public InspectionPlan Inspection(int index)
    {
        var random = Stream(2, index);
        var province = Provinces.All[Pick(random, _provinceWeights)];
        var draw = random.NextDouble();
        var reaches = draw < 0.2 ? InspectionState.Planned : draw < 0.35 ? InspectionState.InProgress : InspectionState.Completed;
        var findings = reaches == InspectionState.Planned
            ? []
            : Enumerable.Range(0, random.Next(0, 4)).Select(f =>
            {
                var (category, description) = FindingKinds[random.Next(FindingKinds.Length)];
                var severity = (Severity)(1 + Pick(random, [30, 40, 22, 8]));
                var ordered = reaches == InspectionState.Completed && random.NextDouble() < 0.85;
                // Short deadlines for some: they fall overdue in the days after seeding.
                var deadlineDays = random.NextDouble() < 0.3 ? random.Next(1, 4) : random.Next(14, 120);
                return new FindingPlan($"seed-{scale}-{seed}-finding-{index}-{f}", category, severity, description, ordered, deadlineDays,
                    ordered && random.NextDouble() < 0.4);
            }).ToList();
        return new InspectionPlan(index, $"seed-{scale}-{seed}-inspection-{index}", province, 1 + Pick(random, [60, 30, 10]), reaches,
            reaches == InspectionState.Planned ? now.AddDays(random.Next(3, 60)) : now.AddDays(-random.Next(1, 120)), findings);
    }

    private RelicPlan RelicFor(Random random, int caseIndex, int relicIndex, Province lead, CaseStage stage)
    {
        var (type, word, material, period, feature) = Objects[random.Next(Objects.Length)];
        var custody = new List<CustodyEventKind>();
        // Later stages have recovered more of what was taken.
        var recovered = random.NextDouble() < (stage >= CaseStage.SuspectsDetained ? 0.75 : 0.3);
        if (recovered)
        {
            custody.Add(CustodyEventKind.Seized);
            // Only an appraised relic is handed over, and only once a judgment has come.
            var handedOver = stage is CaseStage.JudgmentEffective or CaseStage.Closed && random.NextDouble() < 0.7;
            if (handedOver || random.NextDouble() < 0.6)
            {
                custody.Add(CustodyEventKind.Appraised);
            }

            if (handedOver)
            {
                custody.Add(CustodyEventKind.HandedOver);
            }
        }

        var relic = new Relic
        {
            ObjectType = type,
            Title = $"{word}（案{caseIndex + 1}-{relicIndex + 1}）",
            Materials = { material },
            Measurements = new Measurements
            {
                HeightCm = Math.Round(5 + (random.NextDouble() * 80), 1),
                WidthCm = Math.Round(3 + (random.NextDouble() * 50), 1),
                WeightKg = Math.Round(0.1 + (random.NextDouble() * 30), 2),
            },
            Period = period,
            DistinguishingFeatures = feature,
            Description = $"{period} {type.Replace('/', ' ')}, {feature}",
            InscriptionsMarkings = random.NextDouble() < 0.3 ? "铭文若干字" : "",
            InventoryNumber = random.NextDouble() < 0.25 ? $"{lead.Code}-{random.Next(1000, 99999)}" : "",
            PlaceOfOrigin = lead.ChineseName,
            Grade = (RelicGrade)(1 + Pick(random, [5, 12, 25, 40, 18])),
            Status = RelicStatus.Stolen,
            CurrentHolder = "unknown",
        };
        return new RelicPlan($"seed-{scale}-{seed}-relic-{caseIndex}-{relicIndex}", relic, custody);
    }

    // Not HashCode.Combine: it is randomised per process, and the same seed must give the same records in every run.
    private Random Stream(int kind, int index) => new(unchecked((seed * 7_919) + (kind * 100_000_007) + index));

    private static int Pick(Random random, IReadOnlyList<double> weights)
    {
        var draw = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
