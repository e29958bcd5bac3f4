namespace RelicSecurity.Contracts.Events.Sites;

/// <summary>
/// One ImportSites batch was stored. Bulk loads publish one summary per batch instead of a
/// SiteRegistered per row (a national survey is ~770k rows); projections add the counts.
/// </summary>
public sealed record SitesImported(string BatchId, IReadOnlyList<ImportedSiteCount> Counts, DateTimeOffset ImportedAt);
