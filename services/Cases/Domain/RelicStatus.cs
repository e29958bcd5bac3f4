namespace RelicSecurity.Cases.Domain;

/// <summary>Where a relic stands; numbers equal the proto's.</summary>
public enum RelicStatus : short
{
    Stolen = 1,
    Seized = 2,
    Appraised = 3,
    InTemporaryCustody = 4,
    HandedOver = 5,
    ReturnedFromAbroad = 6,
}
