namespace RelicSecurity.Cases.Domain;

/// <summary>The agency leading a case; numbers equal the proto's.</summary>
public enum Agency : short
{
    PublicSecurity = 1,
    Customs = 2,
    CulturalHeritage = 3,
    Procuratorate = 4,
    Court = 5,
    FireRescue = 6,
    Other = 7,
}
