namespace RelicSecurity.Sites.Domain;

/// <summary>Risk levels; the numbers equal the proto RiskLevel values so storage and the wire agree.</summary>
public enum SiteRiskLevel
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
