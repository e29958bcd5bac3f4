namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>
/// A site: counted in sites_total and sites_by_risk of the province it is in now, at its level now (the latest
/// observation). A site registered one at a time counts from its SiteRegistered. A site that arrived in a bulk
/// import was already counted by its batch (SitesImported carries counts, not ids), so such a site contributes only
/// its move since the import: +1 where and at which level it is now, −1 where and at which level it was when first
/// seen (the earliest observation: nothing changed it between the import and that event, or an earlier event
/// would exist). Events of either kind may arrive in any order; the result is the same.
/// </summary>
public sealed record SiteRecord(bool Registered, SiteObservation? Current, SiteObservation? First) : IProjectedRecord
{
    public static SiteRecord Merge(SiteRecord? current, SiteRecord reported)
    {
        ArgumentNullException.ThrowIfNull(reported);
        return current is null
            ? reported
            : new SiteRecord(current.Registered || reported.Registered,
                SiteObservation.Later(current.Current, reported.Current),
                SiteObservation.Earlier(current.First, reported.First));
    }

    /// <summary>
    /// A rebuilt generation counts no import batch from before it went live (the rebuild listed every site instead),
    /// so a site first seen before that horizon counts whole, like a registered one, even if the rebuild's listing
    /// missed it (its risk changed while the listing paged past it: the change's event is how it arrives here).
    /// </summary>
    public IProjectedRecord ObservedBefore(DateTimeOffset horizon) =>
        !Registered && (First ?? Current) is { } seen && seen.At < horizon ? this with { Registered = true } : this;

    public IEnumerable<Contribution> Counts()
    {
        if (Current is null)
        {
            yield break;
        }

        foreach (var province in StatusFields.AndNational([Current.Province]))
        {
            yield return new(province, StatusFields.SitesTotal);
            yield return new(province, StatusFields.SitesByRiskPrefix + Current.Level);
        }

        if (Registered || First is null)
        {
            yield break;
        }

        // Imported: take back what the batch counted for this site.
        foreach (var province in StatusFields.AndNational([First.Province]))
        {
            yield return new(province, StatusFields.SitesTotal, -1);
            yield return new(province, StatusFields.SitesByRiskPrefix + First.Level, -1);
        }
    }
}
