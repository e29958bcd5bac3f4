using RelicSecurity.Cases.Domain;
using System.Globalization;

namespace RelicSecurity.Bench.Cases;

/// <summary>
/// Sought relics described from a small vocabulary of real object kinds, materials, periods, decorations and damage,
/// half in Chinese and half in English, reproducible by index; and seized descriptions of one of them in other words.
/// </summary>
public sealed class RelicGenerator
{
    private static readonly (string Type, string En, string Zh)[] Kinds =
    [
        ("ceramics/vase", "vase", "瓶"), ("ceramics/bowl", "bowl", "碗"), ("ceramics/jar", "jar", "罐"), ("ceramics/plate", "dish", "盘"),
        ("bronze/ding", "tripod cauldron", "鼎"), ("bronze/mirror", "mirror", "镜"), ("bronze/vessel", "wine vessel", "尊"),
        ("jade/bi", "disc", "璧"), ("jade/pendant", "pendant", "佩"), ("sculpture/head", "Buddha head", "佛首"),
        ("sculpture/statue", "bodhisattva statue", "菩萨像"), ("sculpture/lion", "lion", "石狮"), ("paper/rubbing", "rubbing", "拓片"),
        ("paper/painting", "hanging scroll", "立轴"), ("architecture/bracket", "bracket set", "斗拱"), ("metalwork/coin", "coin", "钱币"),
    ];

    private static readonly (string En, string Zh)[] Materials =
    [
        ("porcelain", "瓷"), ("bronze", "青铜"), ("jade", "玉"), ("limestone", "石灰岩"), ("sandstone", "砂岩"), ("wood", "木"),
        ("gilt bronze", "鎏金铜"), ("paper", "纸"), ("silver", "银"), ("earthenware", "陶"),
    ];

    private static readonly (string En, string Zh)[] Periods =
    [
        ("Shang", "商代"), ("Western Zhou", "西周"), ("Warring States", "战国"), ("Han", "汉代"), ("Northern Wei", "北魏"),
        ("Tang", "唐代"), ("Song", "宋代"), ("Yuan", "元代"), ("Ming", "明代"), ("Qing", "清代"),
    ];

    private static readonly (string En, string Zh)[] Decorations =
    [
        ("dragons among clouds", "云龙纹"), ("lotus scrolls", "缠枝莲纹"), ("taotie masks", "饕餮纹"), ("phoenixes", "凤纹"),
        ("fish and waterweed", "鱼藻纹"), ("peonies", "牡丹纹"), ("grapevines and beasts", "海兽葡萄纹"), ("thunder pattern", "雷纹"),
        ("cranes", "仙鹤纹"), ("horses", "骏马纹"), ("flying apsaras", "飞天"), ("bamboo", "竹纹"),
    ];

    private static readonly (string En, string Zh)[] Damages =
    [
        ("chip on the rim", "口沿磕缺"), ("crack across the body", "器身有裂纹"), ("old repair at the foot", "足部有修补"),
        ("left ear missing", "左耳残缺"), ("nose damaged", "鼻尖残损"), ("worm holes on the first page", "首页虫蛀"),
        ("one arm sawn off", "一臂被锯断"), ("glaze worn on the shoulder", "肩部釉面磨损"),
    ];

    /// <summary>The fields of sought relic number <paramref name="index"/> (the same index always gives the same relic).</summary>
    public GeneratedRelic Relic(int index)
    {
        var random = new Random(index * 31 + 17);
        var kind = Kinds[random.Next(Kinds.Length)];
        var material = Materials[random.Next(Materials.Length)];
        var period = Periods[random.Next(Periods.Length)];
        var decoration = Decorations[random.Next(Decorations.Length)];
        var other = Decorations[random.Next(Decorations.Length)];
        var damage = Damages[random.Next(Damages.Length)];
        var height = 5 + random.Next(95);
        var chinese = index % 2 == 0;
        return chinese
            ? new GeneratedRelic(index, kind.Type, $"{period.Zh}{material.Zh}{decoration.Zh}{kind.Zh}", material.Zh, period.Zh,
                $"{material.Zh}质{kind.Zh}，通高{height}厘米，饰{decoration.Zh}及{other.Zh}。",
                damage.Zh, random.Next(4) == 0 ? $"底部刻“{period.Zh}”款" : "")
            : new GeneratedRelic(index, kind.Type, $"{period.En} {material.En} {kind.En} with {decoration.En}", material.En, period.En,
                string.Create(CultureInfo.InvariantCulture, $"{material.En} {kind.En}, {height} cm high, decorated with {decoration.En} and {other.En}."),
                damage.En, random.Next(4) == 0 ? $"{period.En} reign mark on the base" : "");
    }

    /// <summary>A generated relic as the service describes one (its inventory number is its index).</summary>
    public static ObjectDescription Description(GeneratedRelic relic)
    {
        ArgumentNullException.ThrowIfNull(relic);
        return new ObjectDescription(relic.ObjectType, relic.Title, [relic.Material], [], Measurements.None, relic.Inscriptions, relic.Period, "", "",
            relic.Features, relic.Description, [], relic.Index.ToString(CultureInfo.InvariantCulture), "");
    }

    /// <summary>How a seizing officer might describe relic <paramref name="index"/>: the other language for some, fields left out, one typo.</summary>
    public (string Text, string ObjectType, string Period) Seized(int index, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var relic = Relic(index);
        var text = $"{relic.Title}. {relic.Description} {relic.Features}";
        if (text.Length > 12 && random.Next(2) == 0)
        {
            // One letter dropped somewhere: a typo.
            var at = random.Next(text.Length);
            text = text.Remove(at, 1);
        }

        return (text, random.Next(2) == 0 ? relic.ObjectType : "", random.Next(3) == 0 ? relic.Period : "");
    }
}

/// <summary>One generated sought relic.</summary>
public sealed record GeneratedRelic(int Index, string ObjectType, string Title, string Material, string Period, string Description,
    string Features, string Inscriptions);
