namespace RelicSecurity.Sites.Domain;

/// <summary>Severity of a hidden hazard found by an inspection; each weighs differently in the risk rule.</summary>
public enum HazardSeverity
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
