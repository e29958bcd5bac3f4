namespace RelicSecurity.Sites.Domain;

/// <summary>
/// The suite's deterministic risk rule (API.md, documented in services/Sites/README.md):
/// score = 3·open cases + 1·low + 2·medium + 4·high + 8·critical open hazards
///       + 4·overdue rectifications + 1·missing facility;
/// level = 0–2 LOW, 3–5 MEDIUM, 6–9 HIGH, ≥10 CRITICAL.
/// </summary>
public static class RiskRule
{
    public const int OpenCaseWeight = 3;
    public const int LowHazardWeight = 1;
    public const int MediumHazardWeight = 2;
    public const int HighHazardWeight = 4;
    public const int CriticalHazardWeight = 8;
    public const int OverdueRectificationWeight = 4;
    public const int MissingFacilityWeight = 1;

    /// <summary>Lowest score of each level above LOW.</summary>
    public const int MediumFrom = 3;
    public const int HighFrom = 6;
    public const int CriticalFrom = 10;

    public static int Score(RiskFactors factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        return OpenCaseWeight * factors.OpenCases
            + LowHazardWeight * factors.OpenHazardsLow
            + MediumHazardWeight * factors.OpenHazardsMedium
            + HighHazardWeight * factors.OpenHazardsHigh
            + CriticalHazardWeight * factors.OpenHazardsCritical
            + OverdueRectificationWeight * factors.OverdueRectifications
            + MissingFacilityWeight * factors.MissingFacilities;
    }

    public static SiteRiskLevel LevelOf(int score) => score switch
    {
        >= CriticalFrom => SiteRiskLevel.Critical,
        >= HighFrom => SiteRiskLevel.High,
        >= MediumFrom => SiteRiskLevel.Medium,
        _ => SiteRiskLevel.Low,
    };

    /// <summary>The lowest score that reaches <paramref name="level"/> (used to filter by minimum level).</summary>
    public static int LowestScoreOf(SiteRiskLevel level) => level switch
    {
        SiteRiskLevel.Low => 0,
        SiteRiskLevel.Medium => MediumFrom,
        SiteRiskLevel.High => HighFrom,
        SiteRiskLevel.Critical => CriticalFrom,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "unknown risk level"),
    };

    public static RiskAssessment Assess(RiskFactors factors)
    {
        var score = Score(factors);
        return new RiskAssessment(score, LevelOf(score));
    }

    /// <summary>The change between two sets of factors, or null when the score stays the same.</summary>
    public static RiskChange? Compare(RiskFactors before, RiskFactors after, string reason)
    {
        var old = Assess(before);
        var now = Assess(after);
        return old.Score == now.Score ? null : new RiskChange(old, now, reason);
    }
}
