namespace RelicSecurity.Inspections.Domain;

/// <summary>A joint inspection of some sites of one province, as the service keeps it.</summary>
public sealed record Inspection(
    Guid InspectionId,
    string Title,
    string ProvinceCode,
    Department LeadDepartment,
    IReadOnlyList<Department> ParticipatingDepartments,
    IReadOnlyList<Guid> SiteIds,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    InspectionState State,
    InspectionOrigin Origin,
    IReadOnlyList<Guid> FindingIds,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool Covers(Guid siteId) => SiteIds.Contains(siteId);
}
