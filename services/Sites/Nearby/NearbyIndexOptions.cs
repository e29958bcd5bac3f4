namespace RelicSecurity.Sites.Nearby;

/// <summary>Configuration section "Sites:NearbyIndex".</summary>
public sealed class NearbyIndexOptions
{
    public const string Section = "Sites:NearbyIndex";

    /// <summary>Off: every SearchSitesNearby runs as one SQL query (the fallback path, always available).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Keep every site, protobuf-encoded, beside its position (about 190 MB more for the national survey),
    /// so a nearby page is decoded from memory instead of read from the table. Off: the page's rows are
    /// read from the table (by row location, then by id).
    /// </summary>
    public bool KeepSites { get; set; } = true;

    /// <summary>How often each instance reads the site changes made elsewhere (other replicas, event consumers).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The interval after a read that brought more than <see cref="BulkRows"/> rows (a bulk import is
    /// running): each read re-reads the rows of transactions still open at the previous one, so reading
    /// less often during a bulk load saves most of that work, for a second of staleness while it lasts.
    /// </summary>
    public TimeSpan BulkPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BulkRows { get; set; } = 1_000;

    /// <summary>How many missing encodings one poll fills in after a bulk import (small, so calls keep the cores).</summary>
    public int FillChunk { get; set; } = 1_000;

    /// <summary>When the last successful read is older than this (database trouble), searches fall back to SQL.</summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromSeconds(5);
}
