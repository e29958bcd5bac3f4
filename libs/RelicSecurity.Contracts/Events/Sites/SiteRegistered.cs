namespace RelicSecurity.Contracts.Events.Sites;

/// <summary>A site was registered one at a time (RegisterSite). Enum values are the proto names without prefix ("ANCIENT_TOMB", "HIGH").</summary>
public sealed record SiteRegistered(
    string SiteId,
    string Name,
    string ProvinceCode,
    string Category,
    string ProtectionLevel,
    string RiskLevel,
    int RiskScore,
    DateTimeOffset RegisteredAt);
