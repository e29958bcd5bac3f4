namespace RelicSecurity.Sites.Domain;

/// <summary>The four security facilities a site is expected to have.</summary>
public sealed record SecurityFacilitySet(bool IntrusionAlarm, bool Cctv, bool NightPatrol, bool FireProtection)
{
    public static SecurityFacilitySet None { get; } = new(false, false, false, false);

    /// <summary>How many of the four are absent: the risk rule's missing_facilities input.</summary>
    public int MissingCount =>
        (IntrusionAlarm ? 0 : 1) + (Cctv ? 0 : 1) + (NightPatrol ? 0 : 1) + (FireProtection ? 0 : 1);
}
