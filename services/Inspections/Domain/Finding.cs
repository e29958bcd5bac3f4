namespace RelicSecurity.Inspections.Domain;

/// <summary>A hidden hazard recorded during an inspection; open until an order for it is verified as passed.</summary>
public sealed record Finding(
    Guid FindingId,
    Guid InspectionId,
    Guid SiteId,
    string ProvinceCode,
    FindingCategory Category,
    HazardSeverity Severity,
    string Description,
    DateTimeOffset RecordedAt,
    string RecordedBy);
