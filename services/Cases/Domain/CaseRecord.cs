namespace RelicSecurity.Cases.Domain;

/// <summary>A relic crime case as the service keeps it.</summary>
public sealed record CaseRecord(
    Guid Id,
    string Number,
    string Title,
    CaseType Type,
    CaseStage Stage,
    string LeadProvinceCode,
    IReadOnlyList<string> ParticipatingProvinceCodes,
    Agency LeadAgency,
    SupervisionLevel Supervision,
    IReadOnlyList<string> SiteIds,
    DateTimeOffset? OccurredAt,
    string Summary,
    int SuspectsDetained,
    IReadOnlyList<string> RelicIds,
    IReadOnlyList<StageChange> History,
    DateTimeOffset? JudgmentEffectiveAt,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The lead province first, then the participating ones: a case is inside each of them.</summary>
    public IReadOnlyList<string> Provinces => [LeadProvinceCode, .. ParticipatingProvinceCodes];
}
