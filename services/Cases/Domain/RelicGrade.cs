namespace RelicSecurity.Cases.Domain;

/// <summary>Precious relics of grade 1–3, general relics, or not graded yet; numbers equal the proto's.</summary>
public enum RelicGrade : short
{
    Grade1 = 1,
    Grade2 = 2,
    Grade3 = 3,
    General = 4,
    Ungraded = 5,
}
