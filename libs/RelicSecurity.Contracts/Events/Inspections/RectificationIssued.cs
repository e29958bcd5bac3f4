namespace RelicSecurity.Contracts.Events.Inspections;

/// <summary>A rectification order was issued for a finding (state OPEN until Deadline).</summary>
public sealed record RectificationIssued(
    string OrderId,
    string FindingId,
    string SiteId,
    string ProvinceCode,
    string Severity,
    string ResponsibleUnit,
    DateTimeOffset Deadline,
    DateTimeOffset IssuedAt,
    long Version);
