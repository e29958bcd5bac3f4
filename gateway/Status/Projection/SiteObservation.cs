namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>
/// Where a site was and at which risk level, as of <paramref name="At"/>. The exact flags say whether the event
/// knew the field for that moment or only approximated it (e.g. SiteUpdated names the previous province but not
/// the previous risk level; the SiteRiskChanged of the same write, at the same instant, names it).
/// </summary>
public sealed record SiteObservation(DateTimeOffset At, string Province, string Level, bool ProvinceExact = true, bool LevelExact = true)
{
    /// <summary>The later observation (the site's current place and level); equal instants describe one write.</summary>
    public static SiteObservation? Later(SiteObservation? a, SiteObservation? b) =>
        a is null ? b : b is null ? a : b.At > a.At ? b : a;

    /// <summary>The earlier observation; at the same instant each field is taken from whichever knew it exactly.</summary>
    public static SiteObservation? Earlier(SiteObservation? a, SiteObservation? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        if (a.At != b.At)
        {
            return b.At < a.At ? b : a;
        }

        return new SiteObservation(a.At,
            a.ProvinceExact || !b.ProvinceExact ? a.Province : b.Province,
            a.LevelExact || !b.LevelExact ? a.Level : b.Level,
            a.ProvinceExact || b.ProvinceExact,
            a.LevelExact || b.LevelExact);
    }
}
