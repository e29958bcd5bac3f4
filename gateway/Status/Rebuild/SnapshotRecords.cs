using System.Reflection;
using Google.Protobuf.Reflection;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Gateway.Status.Projection;

namespace RelicSecurity.Gateway.Status.Rebuild;

/// <summary>
/// What a record read from its service contributes, in the same record states the events produce, so that a record
/// read during a rebuild and the events about it (before or after the read) merge to the same state in any order.
/// Enum values become the names the events carry (the proto name without its enum's prefix).
/// </summary>
public static class SnapshotRecords
{
    /// <summary>Observed as of its last write (updated_at is the instant of the write, like its events' times).</summary>
    public static SiteRecord Of(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var seen = new SiteObservation(site.UpdatedAt.ToDateTimeOffset(), site.ProvinceCode, NameOf(site.RiskLevel, "RISK_LEVEL_"));
        return new SiteRecord(Registered: true, seen, seen);
    }

    public static CaseRecord Of(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var closed = @case.Stage == CaseStage.Closed ? @case.History.LastOrDefault(h => h.ToStage == CaseStage.Closed) : null;
        return new CaseRecord(@case.Version, NameOf(@case.Type, "CASE_TYPE_"), NameOf(@case.Stage, "CASE_STAGE_"), ProvincesOf(@case),
            NameOf(@case.Supervision, "SUPERVISION_"), closed?.At.ToDateTimeOffset().UtcDateTime.Year);
    }

    public static string[] ProvincesOf(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return [@case.LeadProvinceCode, .. @case.ParticipatingProvinceCodes];
    }

    /// <summary>
    /// A relic counts in its case's provinces. Recovered means it reached SEIZED or RETURNED_FROM_ABROAD; the custody
    /// history does not show a relic registered as SEIZED, but the legal custody order does: from STOLEN the only moves
    /// are to those two, so every relic no longer STOLEN has reached one of them.
    /// </summary>
    public static RelicRecord Of(Relic relic, string[] caseProvinces)
    {
        ArgumentNullException.ThrowIfNull(relic);
        var status = NameOf(relic.Status, "RELIC_STATUS_");
        var recovered = relic.Status != RelicStatus.Stolen;
        return new RelicRecord(relic.Version, caseProvinces, status, recovered, relic.HandoverDueAt?.ToDateTimeOffset(), status == "HANDED_OVER");
    }

    public static InspectionRecord Of(Inspection inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        return new InspectionRecord(inspection.Version, inspection.ProvinceCode, NameOf(inspection.State, "INSPECTION_STATE_"));
    }

    public static OrderRecord Of(RectificationOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderRecord(order.Version, order.ProvinceCode, order.State == RectificationState.Overdue);
    }

    /// <summary>A finding (hazard) is in its inspection's province, closed once one of its orders was verified as passed.</summary>
    public static HazardRecord Hazard(Inspection inspection, string findingId, IReadOnlySet<string> verifiedFindings)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(verifiedFindings);
        return new HazardRecord(inspection.ProvinceCode, verifiedFindings.Contains(findingId));
    }

    /// <summary>"CASE_STAGE_CLOSED" → "CLOSED", the way the services' events name enum values.</summary>
    public static string NameOf<TEnum>(TEnum value, string prefix)
        where TEnum : struct, Enum
    {
        var name = typeof(TEnum).GetField(value.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? value.ToString();
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    }
}
