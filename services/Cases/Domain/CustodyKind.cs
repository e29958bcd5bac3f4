namespace RelicSecurity.Cases.Domain;

/// <summary>A step in a relic's chain of custody; numbers equal the proto's CustodyEventKind.</summary>
public enum CustodyKind : short
{
    Seized = 1,
    Appraised = 2,
    TemporaryCustody = 3,
    HandedOver = 4,
    ReturnedFromAbroad = 5,
}
