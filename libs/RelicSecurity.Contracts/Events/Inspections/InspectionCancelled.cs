namespace RelicSecurity.Contracts.Events.Inspections;

/// <summary>
/// An inspection was cancelled before completion. PreviousState ("PLANNED" or "IN_PROGRESS") tells projections
/// which count to take it out of; findings already recorded stay open hazards.
/// </summary>
public sealed record InspectionCancelled(
    string InspectionId,
    string ProvinceCode,
    IReadOnlyList<string> SiteIds,
    string PreviousState,
    DateTimeOffset CancelledAt,
    long Version);
