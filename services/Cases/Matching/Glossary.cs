using System.Collections.Frozen;

namespace RelicSecurity.Cases.Matching;

/// <summary>
/// Words that name the same thing in relic descriptions — English synonyms and their Chinese equivalents — mapped to
/// one concept term, so a seized object described as a "vase" in Chinese still meets a stolen "bottle". Deliberately
/// small: object kinds, materials, decorations and periods that reports actually use.
/// </summary>
public static class Glossary
{
    private static readonly (string Concept, string[] Words)[] Concepts =
    [
        ("bronze", ["bronze", "copper", "青铜", "铜"]),
        ("ceramic", ["ceramic", "ceramics", "porcelain", "pottery", "earthenware", "stoneware", "瓷", "陶", "陶瓷", "瓷器"]),
        ("jade", ["jade", "nephrite", "玉", "玉器"]),
        ("gold", ["gold", "golden", "gilt", "gilded", "金", "鎏金"]),
        ("silver", ["silver", "银"]),
        ("stone", ["stone", "limestone", "sandstone", "granite", "marble", "石", "石质"]),
        ("wood", ["wood", "wooden", "timber", "木", "木质"]),
        ("lacquer", ["lacquer", "lacquered", "漆", "漆器"]),
        ("iron", ["iron", "铁"]),
        ("vase", ["vase", "bottle", "flask", "瓶"]),
        ("jar", ["jar", "pot", "urn", "罐", "坛"]),
        ("bowl", ["bowl", "basin", "碗", "盆"]),
        ("plate", ["plate", "dish", "platter", "盘", "碟"]),
        ("cup", ["cup", "goblet", "beaker", "杯", "觚", "爵"]),
        ("ding", ["ding", "tripod", "cauldron", "鼎"]),
        ("mirror", ["mirror", "镜", "铜镜"]),
        ("buddha", ["buddha", "bodhisattva", "佛", "佛像", "菩萨", "造像"]),
        ("head", ["head", "头", "首", "佛首", "佛头"]),
        ("statue", ["statue", "figure", "figurine", "sculpture", "statuette", "像", "俑", "雕像"]),
        ("seal", ["seal", "stamp", "印", "印章", "玺"]),
        ("coin", ["coin", "coins", "钱", "币", "钱币"]),
        ("sword", ["sword", "blade", "剑", "刀"]),
        ("painting", ["painting", "scroll", "画", "卷轴", "画卷"]),
        ("stele", ["stele", "tablet", "stela", "碑", "碑刻", "石碑"]),
        ("rubbing", ["rubbing", "拓片", "拓本"]),
        ("bracket", ["bracket", "dougong", "斗拱", "斗栱"]),
        ("dragon", ["dragon", "dragons", "龙"]),
        ("phoenix", ["phoenix", "凤", "凤凰"]),
        ("taotie", ["taotie", "饕餮"]),
        ("lotus", ["lotus", "莲", "莲花", "荷"]),
        ("cloud", ["cloud", "clouds", "云", "云纹"]),
        ("fish", ["fish", "鱼"]),
        ("horse", ["horse", "马"]),
        ("crack", ["crack", "cracked", "fissure", "裂", "裂纹", "裂痕"]),
        ("chip", ["chip", "chipped", "nick", "缺", "缺口", "磕"]),
        ("repair", ["repair", "repaired", "restored", "mended", "修", "修复", "修补"]),
        ("inscription", ["inscription", "inscribed", "inscriptions", "铭", "铭文", "款", "款识"]),
        ("blue_white", ["blue-and-white", "青花"]),
        ("celadon", ["celadon", "青瓷"]),
        ("tang", ["tang", "唐", "唐代", "唐朝"]),
        ("song", ["song", "宋", "宋代", "宋朝"]),
        ("ming", ["ming", "明", "明代", "明朝"]),
        ("qing", ["qing", "清", "清代", "清朝"]),
        ("han", ["han", "汉", "汉代", "汉朝"]),
        ("shang", ["shang", "商", "商代"]),
        ("zhou", ["zhou", "周", "西周", "东周"]),
        ("yuan", ["yuan", "元", "元代"]),
        ("warring_states", ["warring", "战国"]),
        ("northern_wei", ["wei", "北魏"]),
    ];

    private static readonly FrozenDictionary<string, string> ConceptOfWord = Concepts
        .SelectMany(c => c.Words.Select(w => (Word: w, c.Concept)))
        .GroupBy(x => x.Word, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.First().Concept, StringComparer.Ordinal);

    /// <summary>The Chinese words of the glossary, longest first, for finding them inside a run of characters.</summary>
    public static IReadOnlyList<string> ChineseWords { get; } = [.. ConceptOfWord.Keys.Where(MatchText.IsCjkWord).OrderByDescending(w => w.Length)];

    /// <summary>The concept term of a word ("c_" + concept, so it never collides with a plain word), or null.</summary>
    public static string? ConceptOf(string word) => ConceptOfWord.TryGetValue(word, out var concept) ? MatchText.ConceptPrefix + concept : null;
}
