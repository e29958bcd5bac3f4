namespace RelicSecurity.Inspections.Domain;

/// <summary>A site's risk level moved (from the Sites service's SiteRiskChanged event).</summary>
public sealed record SiteRiskRise(Guid SiteId, string ProvinceCode, SiteRiskLevel From, SiteRiskLevel To);
