using System.Collections.Frozen;

namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>
/// The 31 provincial-level divisions of the mainland (GB/T 2260), the only valid province codes: of a site, a case, an
/// inspection, and of the province a caller's token is restricted to.
/// </summary>
public static class ProvinceCodes
{
    public static FrozenDictionary<string, string> Names { get; } = new Dictionary<string, string>
    {
        ["110000"] = "Beijing", ["120000"] = "Tianjin", ["130000"] = "Hebei", ["140000"] = "Shanxi",
        ["150000"] = "Inner Mongolia", ["210000"] = "Liaoning", ["220000"] = "Jilin", ["230000"] = "Heilongjiang",
        ["310000"] = "Shanghai", ["320000"] = "Jiangsu", ["330000"] = "Zhejiang", ["340000"] = "Anhui",
        ["350000"] = "Fujian", ["360000"] = "Jiangxi", ["370000"] = "Shandong", ["410000"] = "Henan",
        ["420000"] = "Hubei", ["430000"] = "Hunan", ["440000"] = "Guangdong", ["450000"] = "Guangxi",
        ["460000"] = "Hainan", ["500000"] = "Chongqing", ["510000"] = "Sichuan", ["520000"] = "Guizhou",
        ["530000"] = "Yunnan", ["540000"] = "Xizang", ["610000"] = "Shaanxi", ["620000"] = "Gansu",
        ["630000"] = "Qinghai", ["640000"] = "Ningxia", ["650000"] = "Xinjiang",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsValid(string? code) => code is not null && Names.ContainsKey(code);
}
