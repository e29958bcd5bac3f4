namespace RelicSecurity.Inspections.Domain;

/// <summary>What a new inspection is to be, before it is stored (validated input or the RISK_TRIGGERED rule's choice).</summary>
public sealed record PlannedInspection(
    string Title,
    string ProvinceCode,
    Department LeadDepartment,
    IReadOnlyList<Department> ParticipatingDepartments,
    IReadOnlyList<Guid> SiteIds,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    InspectionOrigin Origin);
