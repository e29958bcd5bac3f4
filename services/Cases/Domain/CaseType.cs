namespace RelicSecurity.Cases.Domain;

/// <summary>Kinds of relic crime; numbers equal the proto's.</summary>
public enum CaseType : short
{
    IllegalExcavation = 1,
    MuseumTheft = 2,
    StoneCarvingTheft = 3,
    BuildingComponentTheft = 4,
    InscriptionTheft = 5,
    Smuggling = 6,
    IllegalTrade = 7,
    Destruction = 8,
    Other = 9,
}
