namespace RelicSecurity.Inspections.Domain;

/// <summary>The agencies of API.md that lead or join an inspection (numbers equal relic.cases.v1.Agency's).</summary>
public enum Department : short
{
    PublicSecurity = 1,
    Customs = 2,
    CulturalHeritage = 3,
    Procuratorate = 4,
    Court = 5,
    FireRescue = 6,
    Other = 7,
}
