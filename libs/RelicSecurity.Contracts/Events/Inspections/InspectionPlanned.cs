namespace RelicSecurity.Contracts.Events.Inspections;

/// <summary>
/// An inspection was planned (PlanInspection, or the RISK_TRIGGERED rule). Enum values are the proto names
/// without prefix: departments are Agency values ("PUBLIC_SECURITY"), Origin is "MANUAL" or "RISK_TRIGGERED".
/// On every inspection and order event, Version is the record's version after the change, so a projection rebuilt
/// from the events can ignore out-of-date copies.
/// </summary>
public sealed record InspectionPlanned(
    string InspectionId,
    string Title,
    string ProvinceCode,
    string LeadDepartment,
    IReadOnlyList<string> ParticipatingDepartments,
    IReadOnlyList<string> SiteIds,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string Origin,
    DateTimeOffset PlannedAt,
    long Version);
