namespace RelicSecurity.Contracts.Events.Inspections;

/// <summary>
/// An OPEN order passed its Deadline unverified and became OVERDUE (published once per order, by one instance).
/// DetectedAt is when the scan saw it: at most a minute after Deadline, later after a downtime.
/// </summary>
public sealed record RectificationOverdue(
    string OrderId,
    string FindingId,
    string SiteId,
    string ProvinceCode,
    string Severity,
    DateTimeOffset Deadline,
    DateTimeOffset DetectedAt,
    long Version);
