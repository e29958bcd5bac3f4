using RelicSecurity.Contracts.Events.Sites;

namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>One bulk-import batch of sites: its counts per province and risk level, added once per batch id.</summary>
public sealed record ImportBatchRecord(ImportedSiteCount[] SiteCounts, DateTimeOffset? ImportedAt = null) : IProjectedRecord
{
    /// <summary>The record kind of import batches in the projection's keys.</summary>
    public const string Kind = "import";

    public static ImportBatchRecord Merge(ImportBatchRecord? current, ImportBatchRecord reported) => current ?? reported;

    /// <summary>
    /// A rebuilt generation listed every site that existed when it went live, so a batch imported before then (an event
    /// redelivered or late) adds nothing there.
    /// </summary>
    public IProjectedRecord ObservedBefore(DateTimeOffset horizon) => ImportedAt < horizon ? this with { SiteCounts = [] } : this;

    public IEnumerable<Contribution> Counts() =>
        SiteCounts.SelectMany(c => StatusFields.AndNational([c.ProvinceCode]).SelectMany(p => new Contribution[]
        {
            new(p, StatusFields.SitesTotal, c.Count),
            new(p, StatusFields.SitesByRiskPrefix + c.RiskLevel, c.Count),
        }));
}
