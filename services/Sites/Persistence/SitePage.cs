using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Sites.Persistence;

/// <summary>One page of sites, the cursor of the next page (null on the last) and the total number of matches.</summary>
public sealed record SitePage(IReadOnlyList<Site> Sites, PageToken? Next, int TotalSize, IReadOnlyList<double>? DistancesKm = null);
