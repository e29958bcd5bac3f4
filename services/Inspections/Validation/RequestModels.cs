using RelicSecurity.Inspections.Domain;

namespace RelicSecurity.Inspections.Validation;

/// <summary>A finding to record, validated.</summary>
public sealed record NewFinding(Guid InspectionId, Guid SiteId, FindingCategory Category, HazardSeverity Severity, string Description);

/// <summary>A rectification order to issue, validated (the deadline was in the future when checked).</summary>
public sealed record NewRectification(Guid FindingId, string ResponsibleUnit, DateTimeOffset Deadline);

/// <summary>A verification of an order, validated; ExpectedVersion 0 skips the version check.</summary>
public sealed record Verification(Guid OrderId, bool Passed, string Note, long ExpectedVersion);

/// <summary>ListInspections filters (null = any) and paging.</summary>
public sealed record InspectionFilter(string? ProvinceCode, InspectionState? State, Guid? SiteId, InspectionOrigin? Origin, int PageSize, string? PageToken);

/// <summary>ListRectifications filters (null = any) and paging.</summary>
public sealed record RectificationFilter(string? ProvinceCode, RectificationState? State, Guid? SiteId, int PageSize, string? PageToken);
