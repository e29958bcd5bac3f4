namespace RelicSecurity.Cases.Domain;

/// <summary>A relic in a case with its chain of custody.</summary>
public sealed record RelicRecord(
    Guid Id,
    Guid CaseId,
    ObjectDescription Object,
    RelicGrade Grade,
    RelicStatus Status,
    string CurrentHolder,
    IReadOnlyList<CustodyStep> Custody,
    DateTimeOffset? HandoverDueAt,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
