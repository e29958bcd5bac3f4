namespace RelicSecurity.Contracts.Events.Sites;

/// <summary>A site's client-writable fields changed (UpdateSite). PreviousProvinceCode lets projections move per-province counts.</summary>
public sealed record SiteUpdated(
    string SiteId,
    string Name,
    string ProvinceCode,
    string PreviousProvinceCode,
    string Category,
    string ProtectionLevel,
    string RiskLevel,
    long Version,
    DateTimeOffset UpdatedAt);
