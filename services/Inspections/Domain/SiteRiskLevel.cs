namespace RelicSecurity.Inspections.Domain;

/// <summary>A site's risk level as the Sites service reports it (numbers equal relic.sites.v1.RiskLevel's).</summary>
public enum SiteRiskLevel : short
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
