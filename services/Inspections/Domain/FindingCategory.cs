namespace RelicSecurity.Inspections.Domain;

/// <summary>What kind of hidden hazard a finding is.</summary>
public enum FindingCategory : short
{
    SecurityFacility = 1,
    FireSafety = 2,
    Structural = 3,
    StaffingAndPatrol = 4,
    SignsOfIllegalExcavation = 5,
    UnlicensedConstruction = 6,
    Other = 7,
}
