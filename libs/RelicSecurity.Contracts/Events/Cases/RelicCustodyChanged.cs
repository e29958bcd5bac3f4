namespace RelicSecurity.Contracts.Events.Cases;

/// <summary>
/// A custody event was recorded for a relic (Kind e.g. "HANDED_OVER") and moved its status FromStatus → ToStatus.
/// A relic is recovered when it reaches SEIZED or RETURNED_FROM_ABROAD; it stops being overdue once HANDED_OVER.
/// </summary>
public sealed record RelicCustodyChanged(
    Guid EventId,
    string RelicId,
    string CaseId,
    string LeadProvinceCode,
    IReadOnlyList<string> ParticipatingProvinceCodes,
    string Kind,
    string FromStatus,
    string ToStatus,
    string Grade,
    string Holder,
    DateTimeOffset? HandoverDueAt,
    DateTimeOffset At,
    DateTimeOffset RecordedAt,
    long Version);
