namespace RelicSecurity.Contracts.Events.Inspections;

/// <summary>
/// A rectification order was verified. Passed → the order is VERIFIED and the finding's hazard (SiteId, Severity)
/// closes; not passed → FAILED_VERIFICATION and the hazard stays open. PreviousState ("OPEN" or "OVERDUE") lets a
/// consumer that counts overdue orders take this one out again.
/// </summary>
public sealed record RectificationVerified(
    string OrderId,
    string FindingId,
    string SiteId,
    string ProvinceCode,
    string Severity,
    bool Passed,
    string PreviousState,
    string Note,
    DateTimeOffset VerifiedAt,
    long Version);
