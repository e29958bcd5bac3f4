namespace RelicSecurity.Contracts.Events.Inspections;

/// <summary>An inspection moved PLANNED → IN_PROGRESS.</summary>
public sealed record InspectionStarted(string InspectionId, string ProvinceCode, IReadOnlyList<string> SiteIds, DateTimeOffset StartedAt, long Version);
