namespace RelicSecurity.Sites.Domain;

/// <summary>Enum names as used in events and status maps: the proto value without its prefix ("HIGH").</summary>
public static class RiskNames
{
    public static string Of(SiteRiskLevel level) => level switch
    {
        SiteRiskLevel.Low => "LOW",
        SiteRiskLevel.Medium => "MEDIUM",
        SiteRiskLevel.High => "HIGH",
        SiteRiskLevel.Critical => "CRITICAL",
        _ => "UNSPECIFIED",
    };
}
