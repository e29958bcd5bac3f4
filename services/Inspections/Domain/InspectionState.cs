namespace RelicSecurity.Inspections.Domain;

/// <summary>Where an inspection stands. Numbers equal the proto's, so the edge maps by value.</summary>
public enum InspectionState : short
{
    Planned = 1,
    InProgress = 2,
    Completed = 3,
    Cancelled = 4,
}
