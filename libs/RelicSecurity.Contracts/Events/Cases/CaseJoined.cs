namespace RelicSecurity.Contracts.Events.Cases;

/// <summary>
/// A province joined a case (JoinCase): from now on the case also counts for JoinedProvinceCode.
/// ParticipatingProvinceCodes already includes it.
/// </summary>
public sealed record CaseJoined(
    Guid EventId,
    string CaseId,
    string CaseType,
    string Stage,
    string LeadProvinceCode,
    string JoinedProvinceCode,
    IReadOnlyList<string> ParticipatingProvinceCodes,
    IReadOnlyList<string> SiteIds,
    string Supervision,
    DateTimeOffset OpenedAt,
    DateTimeOffset JoinedAt,
    long Version);
