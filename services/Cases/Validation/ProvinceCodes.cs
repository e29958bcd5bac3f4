using System.Collections.Frozen;

namespace RelicSecurity.Cases.Validation;

/// <summary>The 31 provincial-level codes of the mainland (GB/T 2260): the only valid province codes.</summary>
public static class ProvinceCodes
{
    private static readonly FrozenSet<string> Valid = new[]
    {
        "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000", "320000", "330000",
        "340000", "350000", "360000", "370000", "410000", "420000", "430000", "440000", "450000", "460000", "500000",
        "510000", "520000", "530000", "540000", "610000", "620000", "630000", "640000", "650000",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsValid(string? code) => code is not null && Valid.Contains(code);
}
