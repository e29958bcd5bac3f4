namespace RelicSecurity.Contracts.Events.Cases;

/// <summary>
/// A relic was registered in a case. Status is its first status ("STOLEN", "SEIZED", "RETURNED_FROM_ABROAD" ...),
/// Grade e.g. "GRADE_1". HandoverDueAt is set when the case had already reached JUDGMENT_EFFECTIVE.
/// </summary>
public sealed record RelicRegistered(
    Guid EventId,
    string RelicId,
    string CaseId,
    string LeadProvinceCode,
    IReadOnlyList<string> ParticipatingProvinceCodes,
    string ObjectType,
    string Status,
    string Grade,
    DateTimeOffset? HandoverDueAt,
    DateTimeOffset RegisteredAt,
    long Version);
