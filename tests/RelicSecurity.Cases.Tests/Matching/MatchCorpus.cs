using RelicSecurity.Contracts.Cases.V1;

namespace RelicSecurity.Cases.Tests.Matching;

/// <summary>
/// Sought relics as a museum or a police report recorded them, each beside a look-alike, and the same objects as a
/// seizing officer later described them: other words (synonyms, the other language), typos, fields left out.
/// </summary>
internal static class MatchCorpus
{
    public sealed record Pair(string Name, Relic Stolen, Relic LookAlike, MatchRelicRequest Seized);

    public static IReadOnlyList<Pair> Pairs { get; } =
    [
        new("blue-and-white vase (EN, typos, synonyms)",
            Stolen("ceramics/vase", "Blue-and-white meiping vase with dragons", ["porcelain"], "Ming",
                "Meiping vase painted in cobalt blue with two five-clawed dragons chasing flaming pearls among clouds",
                "small chip on the rim; old repair at the foot", "six-character Xuande reign mark on the base"),
            Stolen("ceramics/vase", "Blue-and-white vase with lotus scroll", ["porcelain"], "Qing",
                "Baluster vase painted in underglaze blue with lotus scrolls and banana leaves", "hairline crack on the neck", "Kangxi mark"),
            Seized("blue and white porcelin bottle painted with dragons in clouds, chipped lip, Xuande mark under the bottom", "ceramics/bottle", [], "")),
        new("taotie ding (ZH, reworded, no period)",
            Stolen("bronze/ding", "青铜饕餮纹鼎", ["青铜"], "商代", "三足圆鼎，双立耳，腹部饰饕餮纹，云雷纹衬底", "一足有修补痕迹", "腹内壁铸铭文“父乙”二字"),
            Stolen("bronze/ding", "青铜弦纹鼎", ["青铜"], "西周", "三足圆鼎，腹部饰两道弦纹，素面无饰", "口沿有裂纹", ""),
            Seized("铜鼎一件，三足两耳，腹饰兽面饕餮纹，内壁有“父乙”铭文，一足曾修补", "", [], "")),
        new("Buddha head (ZH record, EN seizure)",
            Stolen("sculpture/head", "北魏石雕佛首", ["石灰岩"], "北魏", "佛首面相丰圆，螺发，双目微闭，颈部断裂", "鼻尖残缺，左耳垂缺损", ""),
            Stolen("sculpture/head", "唐代菩萨头像", ["砂岩"], "唐代", "菩萨头戴宝冠，面相饱满，颈部断裂", "宝冠右侧残缺", ""),
            Seized("Limestone Buddha head in Northern Wei style, snail-shell curls, eyes half closed, broken off at the neck, tip of nose missing",
                "sculpture/head", ["limestone"], "Northern Wei")),
        new("jade bi (EN, synonyms)",
            Stolen("jade/bi", "Celadon jade bi disc with grain pattern", ["nephrite"], "Warring States",
                "Flat disc of greenish nephrite carved on both faces with raised grain pattern, central hole", "brown calcified patch at the edge", ""),
            Stolen("jade/cong", "White jade cong with masks", ["nephrite"], "Neolithic", "Square tube carved with stylised masks at the corners", "", ""),
            Seized("green jade disk with raised grains on both sides and a hole in the middle, brownish calcification on one edge", "jade/disc", ["jade"], "")),
        new("Tang horse (ZH record, ZH typo-free seizure, missing fields)",
            Stolen("ceramics/figure", "唐三彩马", ["陶"], "唐代", "三彩釉陶马，昂首站立，鞍鞯俱全，马鬃修剪整齐", "右前腿有断裂后粘接", ""),
            Stolen("ceramics/figure", "唐三彩骆驼", ["陶"], "唐代", "三彩釉陶骆驼，昂首嘶鸣，驼峰间搭载货囊", "", ""),
            Seized("三彩陶马一匹，抬头站立，背上有马鞍，右前腿断过又粘上", "", [], "")),
        new("gilt bronze bodhisattva (EN, reworded)",
            Stolen("metalwork/statue", "Gilt bronze seated bodhisattva", ["bronze", "gold"], "Ming",
                "Gilded copper alloy bodhisattva seated in meditation on a double lotus base, hands in dhyana mudra", "base plate missing", ""),
            Stolen("metalwork/statue", "Gilt bronze standing Buddha", ["bronze", "gold"], "Sui",
                "Gilt bronze Buddha standing on a lotus pedestal with flaming mandorla", "", ""),
            Seized("seated bodhisatva figure, gilded bronze, meditating on lotus throne, bottom cover plate gone", "", ["copper"], "")),
        new("stele rubbing (ZH)",
            Stolen("paper/rubbing", "宋拓《九成宫醴泉铭》", ["纸"], "宋代", "拓本装裱成册，墨色浓匀，字口清晰", "首页有虫蛀", "钤“翁方纲”印"),
            Stolen("paper/rubbing", "明拓《多宝塔碑》", ["纸"], "明代", "拓本经折装，墨色较淡", "", "钤收藏印三方"),
            Seized("九成宫醴泉铭拓片一册，墨色均匀，第一页被虫蛀，有翁方纲印章", "", [], "")),
        new("bronze mirror (EN record, ZH seizure)",
            Stolen("bronze/mirror", "Bronze mirror with grapes and lions", ["bronze"], "Tang",
                "Round bronze mirror cast with lions among grapevines, crouching lion knob", "crack across the rim", ""),
            Stolen("bronze/mirror", "Bronze mirror with TLV pattern", ["bronze"], "Han", "Round mirror with TLV pattern and four spirits", "", "inscription band"),
            Seized("唐代海兽葡萄纹铜镜，圆形，兽形钮，边缘有一道裂纹", "bronze/mirror", ["青铜"], "唐")),
        new("building bracket (EN, missing fields, typos)",
            Stolen("architecture/bracket", "Carved wooden dougong bracket set", ["wood"], "Qing",
                "Bracket set from a temple hall carved with clouds and a dragon head, traces of red and green paint", "one arm sawn off", ""),
            Stolen("architecture/beam", "Painted wooden beam", ["wood"], "Qing", "Roof beam painted with cloud and floral designs", "", ""),
            Seized("wooden bracket carvd with dragon head and cloud motifs, remains of red and green pigment, one arm cut", "", [], "")),
        new("stone lion (ZH, synonyms)",
            Stolen("sculpture/lion", "明代石狮一对", ["花岗岩"], "明代", "石狮蹲坐于须弥座上，雄狮踩绣球，雌狮抚幼狮", "雄狮左耳残缺", "座底刻“万历”年款"),
            Stolen("sculpture/lion", "清代石狮", ["青石"], "清代", "石狮蹲坐，口含石球", "", ""),
            Seized("花岗石雕狮子两只，坐在须弥座上，公狮脚踩绣球，母狮带小狮，公狮左耳缺了一块，底座刻万历款", "sculpture/lion", [], "明")),
    ];

    private static Relic Stolen(string type, string title, string[] materials, string period, string description, string features, string inscriptions)
    {
        var relic = new Relic
        {
            ObjectType = type,
            Title = title,
            Period = period,
            Description = description,
            DistinguishingFeatures = features,
            InscriptionsMarkings = inscriptions,
            Grade = RelicGrade.Grade2,
            Status = RelicStatus.Stolen,
            CurrentHolder = "",
        };
        relic.Materials.AddRange(materials);
        return relic;
    }

    private static MatchRelicRequest Seized(string text, string type, string[] materials, string period)
    {
        var request = new MatchRelicRequest { Text = text, ObjectType = type, Period = period, Limit = 5 };
        request.Materials.AddRange(materials);
        return request;
    }
}
