namespace RelicSecurity.Inspections.Domain;

/// <summary>An order to a responsible unit to remove a finding's hazard by a deadline.</summary>
public sealed record RectificationOrder(
    Guid OrderId,
    Guid FindingId,
    Guid SiteId,
    string ProvinceCode,
    HazardSeverity Severity,
    string ResponsibleUnit,
    DateTimeOffset Deadline,
    RectificationState State,
    DateTimeOffset? VerifiedAt,
    string Note,
    long Version,
    DateTimeOffset IssuedAt,
    DateTimeOffset? OverdueAt);
