using RelicSecurity.Contracts.Events.Sites;

namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>One bulk-import batch of sites: its counts per province and risk level, added once per batch id.</summary>
public sealed record ImportBatchRecord(ImportedSiteCount[] SiteCounts) : IProjectedRecord
{
    public static ImportBatchRecord Merge(ImportBatchRecord? current, ImportBatchRecord reported) => current ?? reported;

    public IEnumerable<Contribution> Counts() =>
        SiteCounts.SelectMany(c => StatusFields.AndNational([c.ProvinceCode]).SelectMany(p => new Contribution[]
        {
            new(p, StatusFields.SitesTotal, c.Count),
            new(p, StatusFields.SitesByRiskPrefix + c.RiskLevel, c.Count),
        }));
}
