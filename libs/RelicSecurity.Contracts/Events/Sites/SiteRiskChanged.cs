namespace RelicSecurity.Contracts.Events.Sites;

/// <summary>A site's risk score changed (its level may or may not have). Reason says which input moved.</summary>
public sealed record SiteRiskChanged(
    string SiteId,
    string ProvinceCode,
    string OldLevel,
    string NewLevel,
    int OldScore,
    int NewScore,
    string Reason,
    DateTimeOffset ChangedAt);
