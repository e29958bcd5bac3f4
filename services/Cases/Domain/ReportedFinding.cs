namespace RelicSecurity.Cases.Domain;

/// <summary>
/// A hidden hazard an inspection recorded at a site, as Inspections reported it (FindingRecorded): the facts the
/// illegal-excavation rule decides on. Category and severity are the API names ("SIGNS_OF_ILLEGAL_EXCAVATION", "HIGH").
/// </summary>
public sealed record ReportedFinding(
    string FindingId,
    string InspectionId,
    string SiteId,
    string ProvinceCode,
    string Category,
    string Severity,
    string Description,
    string RecordedBy,
    DateTimeOffset RecordedAt);
