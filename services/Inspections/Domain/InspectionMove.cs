namespace RelicSecurity.Inspections.Domain;

/// <summary>The moves a caller can ask of an inspection.</summary>
public enum InspectionMove
{
    Start,
    Complete,
    Cancel,
}
