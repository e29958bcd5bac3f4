namespace RelicSecurity.Inspections.Domain;

/// <summary>
/// API.md: a site whose risk rises to HIGH or CRITICAL gets a RISK_TRIGGERED inspection planned within
/// 14 days, unless one is already PLANNED or IN_PROGRESS for it.
/// </summary>
public static class RiskTriggeredRule
{
    public static readonly TimeSpan PlanningWindow = TimeSpan.FromDays(14);

    /// <summary>Who leads a risk-triggered inspection, and who joins: heritage authorities with the police.</summary>
    public const Department Lead = Department.CulturalHeritage;

    public static IReadOnlyList<Department> Participating { get; } = [Department.PublicSecurity];

    /// <summary>A rise into HIGH or CRITICAL (HIGH → CRITICAL counts; staying at a level or falling does not).</summary>
    public static bool IsTrigger(SiteRiskLevel from, SiteRiskLevel to) => to >= SiteRiskLevel.High && to > from;

    /// <summary>
    /// The inspection to plan for this change, or null when none is due: no rise into HIGH/CRITICAL, or an
    /// inspection of the site is already PLANNED or IN_PROGRESS.
    /// </summary>
    public static PlannedInspection? Decide(SiteRiskRise rise, bool siteHasActiveInspection, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rise);
        if (!IsTrigger(rise.From, rise.To) || siteHasActiveInspection)
        {
            return null;
        }

        return new PlannedInspection(
            $"Risk-triggered inspection: site risk rose to {ApiNames.Of(rise.To)}",
            rise.ProvinceCode, Lead, Participating, [rise.SiteId], now, now + PlanningWindow, InspectionOrigin.RiskTriggered);
    }

    public static bool IsActive(InspectionState state) => state is InspectionState.Planned or InspectionState.InProgress;
}
