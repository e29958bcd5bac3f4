namespace RelicSecurity.Inspections.Domain;

/// <summary>
/// API.md: a site whose risk rises to HIGH or CRITICAL gets a RISK_TRIGGERED inspection planned within
/// 14 days, unless one is already PLANNED or IN_PROGRESS for it. A rise held back that way is owed, not dropped:
/// findings are recorded only during an inspection, so a CRITICAL finding's rise usually arrives while that very
/// inspection is IN_PROGRESS; once the site's inspections are closed, the owed rise plans its inspection if the site
/// is still HIGH or CRITICAL and no inspection visited it after the rise.
/// </summary>
public static class RiskTriggeredRule
{
    public static readonly TimeSpan PlanningWindow = TimeSpan.FromDays(14);

    /// <summary>Who leads a risk-triggered inspection, and who joins: heritage authorities with the police.</summary>
    public const Department Lead = Department.CulturalHeritage;

    public static IReadOnlyList<Department> Participating { get; } = [Department.PublicSecurity];

    /// <summary>A rise into HIGH or CRITICAL (HIGH → CRITICAL counts; staying at a level or falling does not).</summary>
    public static bool IsTrigger(SiteRiskLevel from, SiteRiskLevel to) => to >= SiteRiskLevel.High && to > from;

    public static bool IsActive(InspectionState state) => state is InspectionState.Planned or InspectionState.InProgress;

    /// <summary>
    /// Applies one SiteRiskChanged to what is known of the site. The level follows the newest change only (a late,
    /// older change does not overwrite it). A rise is handled once: one at or before the latest rise already handled —
    /// a redelivery, a copy, or an older rise overtaken by a newer one — changes nothing, so the outcome does not
    /// depend on how often or in which order the events arrive. A new rise plans now, or is owed while an inspection
    /// of the site is PLANNED or IN_PROGRESS.
    /// </summary>
    public static RiskDecision OnChange(SiteRiskMemory? known, SiteRiskChange change, bool siteHasActiveInspection, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        var memory = known switch
        {
            null => new SiteRiskMemory(change.SiteId, change.ProvinceCode, change.To, change.ChangedAt, null, false),
            _ when change.ChangedAt > known.LevelChangedAt => known with
            {
                ProvinceCode = change.ProvinceCode, Level = change.To, LevelChangedAt = change.ChangedAt,
            },
            _ => known,
        };

        var newRise = IsTrigger(change.From, change.To) && (memory.LatestRiseAt is not { } latest || change.ChangedAt > latest);
        if (!newRise)
        {
            return new RiskDecision(memory, null);
        }

        memory = memory with { LatestRiseAt = change.ChangedAt, RiseOwed = siteHasActiveInspection };
        return new RiskDecision(memory, siteHasActiveInspection ? null : Plan(change.SiteId, change.ProvinceCode, change.To, now));
    }

    /// <summary>
    /// Settles an owed rise when an inspection of the site completes or is cancelled. A completed inspection that
    /// started at or after the rise visited the site with it in view: nothing more is owed. Otherwise, once no
    /// inspection of the site is left PLANNED or IN_PROGRESS, the site gets its RISK_TRIGGERED inspection if its latest
    /// known level is still HIGH or CRITICAL (a fall below HIGH since cancels the debt).
    /// </summary>
    public static RiskDecision? OnInspectionClosed(SiteRiskMemory known, InspectionClosing closing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(closing);
        if (!known.RiseOwed || known.LatestRiseAt is not { } rise)
        {
            return null;
        }

        var settled = known with { RiseOwed = false };
        if (closing.Completed && closing.StartedAt is { } started && started >= rise)
        {
            return new RiskDecision(settled, null);
        }

        if (closing.SiteStillHasActiveInspection)
        {
            // The remaining inspection settles it when it closes.
            return null;
        }

        return new RiskDecision(settled, known.Level >= SiteRiskLevel.High ? Plan(known.SiteId, known.ProvinceCode, known.Level, now) : null);
    }

    private static PlannedInspection Plan(Guid siteId, string provinceCode, SiteRiskLevel level, DateTimeOffset now) => new(
        $"Risk-triggered inspection: site risk rose to {ApiNames.Of(level)}",
        provinceCode, Lead, Participating, [siteId], now, now + PlanningWindow, InspectionOrigin.RiskTriggered);
}
