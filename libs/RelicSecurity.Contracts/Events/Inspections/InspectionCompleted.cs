namespace RelicSecurity.Contracts.Events.Inspections;

/// <summary>
/// An inspection moved IN_PROGRESS → COMPLETED. CompletedAt is the last_inspected_at of each of its SiteIds;
/// FindingCount lets projections report without reading the findings.
/// </summary>
public sealed record InspectionCompleted(
    string InspectionId,
    string ProvinceCode,
    IReadOnlyList<string> SiteIds,
    int FindingCount,
    DateTimeOffset CompletedAt,
    long Version);
