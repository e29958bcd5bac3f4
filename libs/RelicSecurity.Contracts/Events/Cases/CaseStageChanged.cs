namespace RelicSecurity.Contracts.Events.Cases;

/// <summary>
/// A case moved from one stage to another, CLOSED and DROPPED included (after either the case no longer counts as
/// open for its SiteIds). On JUDGMENT_EFFECTIVE, HandoverDueAt is the date by which the case's RelicIds must be handed
/// over (one year later); otherwise null. ChangedAt's year tells the status view which year a CLOSED case counts in.
/// </summary>
public sealed record CaseStageChanged(
    Guid EventId,
    string CaseId,
    string CaseNumber,
    string CaseType,
    string FromStage,
    string ToStage,
    string LeadProvinceCode,
    IReadOnlyList<string> ParticipatingProvinceCodes,
    IReadOnlyList<string> SiteIds,
    string Supervision,
    IReadOnlyList<string> RelicIds,
    DateTimeOffset? HandoverDueAt,
    string Actor,
    DateTimeOffset OpenedAt,
    DateTimeOffset ChangedAt,
    long Version);
