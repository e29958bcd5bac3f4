namespace RelicSecurity.Inspections.Domain;

/// <summary>
/// What Inspections knows of one site's risk from the SiteRiskChanged events it was told.
/// </summary>
/// <param name="Level">The level of the newest change (by <see cref="LevelChangedAt"/>), whatever order the events came in.</param>
/// <param name="LatestRiseAt">When the newest rise into HIGH or CRITICAL happened; a rise at or before it was already handled.</param>
/// <param name="RiseOwed">
/// That rise found an inspection of the site PLANNED or IN_PROGRESS, so none was planned for it: it is settled when the
/// site's inspections close (<see cref="RiskTriggeredRule.OnInspectionClosed"/>).
/// </param>
public sealed record SiteRiskMemory(
    Guid SiteId,
    string ProvinceCode,
    SiteRiskLevel Level,
    DateTimeOffset LevelChangedAt,
    DateTimeOffset? LatestRiseAt,
    bool RiseOwed);

/// <summary>What the RISK_TRIGGERED rule leaves behind: the site's memory to store and the inspection to plan, if any.</summary>
public sealed record RiskDecision(SiteRiskMemory Memory, PlannedInspection? Plan);

/// <summary>How an inspection of the site ended, as far as the RISK_TRIGGERED rule cares.</summary>
/// <param name="Completed">COMPLETED (the site was visited) rather than CANCELLED.</param>
/// <param name="StartedAt">When it went IN_PROGRESS; null if it never did (or was started before this was recorded).</param>
/// <param name="SiteStillHasActiveInspection">Another inspection of the site is still PLANNED or IN_PROGRESS.</param>
public sealed record InspectionClosing(bool Completed, DateTimeOffset? StartedAt, bool SiteStillHasActiveInspection);
