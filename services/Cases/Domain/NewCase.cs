namespace RelicSecurity.Cases.Domain;

/// <summary>What OpenCase stores, validated: the case starts REPORTED with no supervision.</summary>
public sealed record NewCase(
    string Title,
    CaseType Type,
    string LeadProvinceCode,
    Agency LeadAgency,
    DateTimeOffset? OccurredAt,
    string Summary,
    IReadOnlyList<string> SiteIds);
