namespace RelicSecurity.Contracts.Events.Cases;

/// <summary>
/// A case was opened (stage REPORTED). Enum values are the proto names without prefix ("SMUGGLING", "REPORTED", "NONE").
/// EventId is unique per event and Version is the case's version after the change, so a projection rebuilt from the
/// events can ignore repeats and out-of-date copies. A new case is open for each of its SiteIds (the Sites risk rule).
/// </summary>
public sealed record CaseOpened(
    Guid EventId,
    string CaseId,
    string CaseNumber,
    string CaseType,
    string Stage,
    string LeadProvinceCode,
    IReadOnlyList<string> ParticipatingProvinceCodes,
    IReadOnlyList<string> SiteIds,
    string Supervision,
    DateTimeOffset OccurredAt,
    DateTimeOffset OpenedAt,
    long Version);
