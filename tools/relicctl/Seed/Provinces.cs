namespace RelicSecurity.Cli.Seed;

/// <summary>
/// A provincial-level division for demo data: GB/T 2260 code, names, an approximate centre (WGS-84) and spread
/// in degrees within which demo sites are placed, and a weight: roughly its number of immovable relics in the
/// third national survey, in thousands, used only to share the demo sites out plausibly.
/// </summary>
public sealed record Province(string Code, string EnglishName, string ChineseName, double Latitude, double Longitude, double SpreadDegrees, double Weight);

/// <summary>The 31 provincial-level divisions of the mainland, the only valid province codes of the suite.</summary>
public static class Provinces
{
    public static readonly IReadOnlyList<Province> All =
    [
        new("110000", "Beijing", "北京市", 40.19, 116.41, 0.35, 3.8),
        new("120000", "Tianjin", "天津市", 39.30, 117.32, 0.30, 2.1),
        new("130000", "Hebei", "河北省", 38.60, 115.50, 1.40, 33.0),
        new("140000", "Shanxi", "山西省", 37.57, 112.29, 1.20, 53.9),
        new("150000", "Inner Mongolia", "内蒙古自治区", 41.80, 112.50, 2.00, 21.1),
        new("210000", "Liaoning", "辽宁省", 41.30, 122.60, 1.00, 13.0),
        new("220000", "Jilin", "吉林省", 43.70, 126.20, 1.00, 10.0),
        new("230000", "Heilongjiang", "黑龙江省", 46.80, 127.70, 1.50, 5.0),
        new("310000", "Shanghai", "上海市", 31.23, 121.47, 0.25, 4.4),
        new("320000", "Jiangsu", "江苏省", 32.90, 119.50, 0.90, 20.0),
        new("330000", "Zhejiang", "浙江省", 29.20, 120.10, 0.90, 73.0),
        new("340000", "Anhui", "安徽省", 31.80, 117.20, 1.00, 25.0),
        new("350000", "Fujian", "福建省", 26.10, 118.30, 1.00, 32.0),
        new("360000", "Jiangxi", "江西省", 27.60, 115.70, 1.10, 24.0),
        new("370000", "Shandong", "山东省", 36.40, 118.20, 1.10, 33.0),
        new("410000", "Henan", "河南省", 33.90, 113.60, 1.10, 65.5),
        new("420000", "Hubei", "湖北省", 30.90, 112.30, 1.20, 28.0),
        new("430000", "Hunan", "湖南省", 27.60, 111.70, 1.20, 28.0),
        new("440000", "Guangdong", "广东省", 23.40, 113.40, 1.20, 25.0),
        new("450000", "Guangxi", "广西壮族自治区", 23.80, 108.80, 1.30, 15.0),
        new("460000", "Hainan", "海南省", 19.20, 109.70, 0.50, 3.0),
        new("500000", "Chongqing", "重庆市", 29.90, 107.40, 0.70, 25.0),
        new("510000", "Sichuan", "四川省", 30.60, 103.90, 1.50, 65.0),
        new("520000", "Guizhou", "贵州省", 26.80, 106.80, 1.00, 15.0),
        new("530000", "Yunnan", "云南省", 25.00, 101.50, 1.50, 24.0),
        new("540000", "Xizang (Tibet)", "西藏自治区", 30.00, 91.10, 1.50, 4.3),
        new("610000", "Shaanxi", "陕西省", 34.90, 108.90, 1.20, 49.1),
        new("620000", "Gansu", "甘肃省", 36.00, 103.80, 1.50, 16.0),
        new("630000", "Qinghai", "青海省", 36.60, 101.80, 1.20, 4.5),
        new("640000", "Ningxia", "宁夏回族自治区", 37.50, 106.20, 0.60, 3.9),
        new("650000", "Xinjiang", "新疆维吾尔自治区", 42.00, 86.00, 2.00, 9.5),
    ];
}
