namespace RelicSecurity.Inspections.Domain;

/// <summary>How serious a hidden hazard is (weights 1, 2, 4, 8 in the Sites risk rule).</summary>
public enum HazardSeverity : short
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
