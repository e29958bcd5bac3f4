namespace RelicSecurity.Contracts.Events.Inspections;

/// <summary>
/// A hidden hazard was recorded: it is open from RecordedAt until a RectificationVerified with Passed closes it.
/// Category and Severity are the proto names without prefix ("SIGNS_OF_ILLEGAL_EXCAVATION", "HIGH").
/// RecordedBy is the token subject of the inspector who recorded it.
/// </summary>
public sealed record FindingRecorded(
    string FindingId,
    string InspectionId,
    string SiteId,
    string ProvinceCode,
    string Category,
    string Severity,
    string Description,
    string RecordedBy,
    DateTimeOffset RecordedAt);
