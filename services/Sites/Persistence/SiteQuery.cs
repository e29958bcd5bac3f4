using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Paging;

namespace RelicSecurity.Sites.Persistence;

/// <summary>A validated ListSites filter. Empty/unspecified values mean "any".</summary>
public sealed record SiteQuery(
    string ProvinceCode,
    SiteCategory Category,
    ProtectionLevel ProtectionLevel,
    RiskLevel MinRiskLevel,
    string NameQuery,
    int PageSize,
    PageToken? After)
{
    public uint Fingerprint => FilterFingerprint.Of(
        ProvinceCode, ((int)Category).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ((int)ProtectionLevel).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ((int)MinRiskLevel).ToString(System.Globalization.CultureInfo.InvariantCulture), NameQuery);
}
