namespace RelicSecurity.Contracts.Events.Cases;

/// <summary>A case's supervision level changed (SetSupervision, national role): "NONE", "PROVINCIAL" or "NATIONAL".</summary>
public sealed record CaseSupervisionChanged(
    Guid EventId,
    string CaseId,
    string CaseType,
    string Stage,
    string LeadProvinceCode,
    IReadOnlyList<string> ParticipatingProvinceCodes,
    string FromSupervision,
    string ToSupervision,
    DateTimeOffset ChangedAt,
    long Version);
