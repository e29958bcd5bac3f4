using System.Collections.Concurrent;
using NpgsqlTypes;

namespace RelicSecurity.Sites.Nearby;

/// <summary>
/// Every site's position in memory, in a grid of 0.1° cells, for SearchSitesNearby. A search reads the
/// cells under the circle's bounding box and tests each site exactly, which costs microseconds where
/// PostgreSQL spent ~0.3 µs of executor work per candidate plus a sort and a window count (thousands of
/// candidates in a dense province): measured in services/Sites/README.md.
/// </summary>
/// <remarks>
/// Readers never lock: each cell is an immutable array, replaced whole when a change touches it. One
/// writer at a time applies changes; a change older than what the index holds (by version) is ignored,
/// so the feed and a direct apply after a write may arrive in any order.
/// </remarks>
public sealed class SiteLocationIndex
{
    private const int CellsPerDegree = 10;
    private const int LongitudeCells = 360 * CellsPerDegree;
    private const int LatitudeCells = 180 * CellsPerDegree;

    // Relative slack on the cell bounds so that rounding never decides differently from testing each site.
    private const double Margin = 1e-9;

    private readonly ConcurrentDictionary<int, Cell> cells = new();
    private readonly Dictionary<Guid, (int Cell, long Version, NpgsqlTid Row, bool Encoded)> placed = [];
    private readonly bool keepSites;
    private readonly Lock writer = new();
    private int count;
    private int withoutEncoding;
    private readonly Queue<Guid> toEncode = new();

    /// <param name="keepSites">Whether to keep each site's encoding (see <see cref="NearbyIndexOptions.KeepSites"/>).</param>
    public SiteLocationIndex(bool keepSites = true)
    {
        this.keepSites = keepSites;
    }

    /// <summary>Whether the index keeps each site's encoding.</summary>
    public bool KeepsSites => keepSites;

    /// <summary>How many sites the index holds.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>How many sites lack their encoding while the index keeps encodings (filled in the background).</summary>
    public int WithoutEncodingCount => Volatile.Read(ref withoutEncoding);

    /// <summary>Up to <paramref name="max"/> sites whose encoding the index lacks, oldest first.</summary>
    public IReadOnlyList<Guid> WithoutEncoding(int max)
    {
        lock (writer)
        {
            var missing = new List<Guid>(Math.Min(max, withoutEncoding));
            while (missing.Count < max && toEncode.TryDequeue(out var siteId))
            {
                // Entries go stale when the encoding arrived another way (a page read, a newer version).
                if (placed.TryGetValue(siteId, out var held) && !held.Encoded)
                {
                    missing.Add(siteId);
                }
            }

            return missing;
        }
    }

    /// <summary>Adds new sites and moves or updates known ones (only when the change is newer than what is held).</summary>
    public void Apply(IEnumerable<IndexedSite> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (writer)
        {
            var touched = new Dictionary<int, Dictionary<Guid, IndexedSite>>();
            Dictionary<Guid, IndexedSite> Working(int cell)
            {
                if (!touched.TryGetValue(cell, out var sites))
                {
                    sites = cells.TryGetValue(cell, out var current) ? current.Sites.ToDictionary(site => site.SiteId) : [];
                    touched[cell] = sites;
                }

                return sites;
            }

            foreach (var change in changes)
            {
                var site = keepSites ? change : change with { Encoded = null };
                var cell = CellOf(site.Latitude, site.Longitude);
                if (placed.TryGetValue(site.SiteId, out var held))
                {
                    // Older than what is held, or the same version read again (the feed re-reads a window
                    // of rows, an own write comes back through it): nothing to change, no cell rebuilt.
                    if (held.Version > site.Version
                        || (held.Version == site.Version && (site.Row == default || site.Row == held.Row) && (site.Encoded is null || held.Encoded)))
                    {
                        continue;
                    }

                    var before = Working(held.Cell);
                    if (held.Version == site.Version && before.Remove(site.SiteId, out var known))
                    {
                        // The same version with something new (its row location or its encoding): keep what it lacks.
                        site = site with { Row = site.Row == default ? known.Row : site.Row, Encoded = site.Encoded ?? known.Encoded };
                    }
                    else
                    {
                        before.Remove(site.SiteId);
                    }
                }

                Working(cell)[site.SiteId] = site;
                if (keepSites)
                {
                    var lacked = placed.TryGetValue(site.SiteId, out var previous) && !previous.Encoded;
                    withoutEncoding += (site.Encoded is null ? 1 : 0) - (lacked ? 1 : 0);
                    if (site.Encoded is null && !lacked)
                    {
                        toEncode.Enqueue(site.SiteId);
                    }
                }

                placed[site.SiteId] = (cell, site.Version, site.Row, site.Encoded is not null);
            }

            foreach (var (cell, sites) in touched)
            {
                if (sites.Count == 0)
                {
                    cells.TryRemove(cell, out _);
                }
                else
                {
                    cells[cell] = new Cell([.. sites.Values]);
                }
            }

            Volatile.Write(ref count, placed.Count);
        }
    }

    /// <summary>
    /// The sites within <paramref name="radiusKm"/> of a point that pass the filters: their number and the
    /// <paramref name="limit"/> nearest (ties by site id), with the same distance rule as the SQL search.
    /// </summary>
    /// <remarks>
    /// Cells are visited nearest first, so the page fills with near sites early. Each cell knows the
    /// sphere around its points (centre and radius, from the points themselves), which bounds every
    /// point's distance by the triangle inequality: a cell wholly outside the circle is skipped, and a cell
    /// wholly inside adds its size to the total without testing each site (without filters) — and its
    /// sites are not looked at at all when even its nearest possible point is farther than the page's
    /// farthest. Large radii then cost per cell, not per site.
    /// </remarks>
    public NearbyResult Search(double latitude, double longitude, double radiusKm, int limit, short? category = null, int? minRiskScore = null)
    {
        var limitTerm = SphereGeometry.Limit(radiusKm);
        var limitChord = 2 * Math.Sqrt(limitTerm);
        var centre = Point.Of(latitude, longitude, 0, 0);
        var (minLat, maxLat, minLon, maxLon) = SphereGeometry.BoundingBox(latitude, longitude, radiusKm);
        var wholeLongitude = minLon <= -180 && maxLon >= 180;
        var unfiltered = category is null && minRiskScore is null;
        var anyCategory = category is null;
        var wantedCategory = category.GetValueOrDefault();
        var leastScore = minRiskScore ?? int.MinValue;

        var candidates = new List<(double Chord, Cell Cell)>();
        for (var row = RowOf(minLat); row <= RowOf(maxLat); row++)
        {
            var lastColumn = wholeLongitude ? LongitudeCells - 1 : ColumnOf(maxLon);
            for (var column = wholeLongitude ? 0 : ColumnOf(minLon); column <= lastColumn; column++)
            {
                if (cells.TryGetValue((row * LongitudeCells) + column, out var cell))
                {
                    var chord = cell.Centre.ChordTo(centre);
                    if (chord - cell.Reach <= limitChord * (1 + Margin))
                    {
                        candidates.Add((chord, cell));
                    }
                }
            }
        }

        candidates.Sort((a, b) => a.Chord.CompareTo(b.Chord));

        // The farthest of the nearest found so far is at the head (the queue's order is reversed); once
        // the queue is full, a site farther than that head only counts towards the total.
        var nearest = new PriorityQueue<NearbyMatch, NearbyMatch>(limit + 1, FarthestFirst.Instance);
        var farthestKept = double.MaxValue;
        var total = 0;
        foreach (var (chord, cell) in candidates)
        {
            var whollyInside = unfiltered && chord + cell.Reach <= limitChord * (1 - Margin);
            if (whollyInside)
            {
                total += cell.Points.Length;
                var nearestPossible = Math.Max(0, chord - cell.Reach);
                if (nearestPossible * nearestPossible / 4 > farthestKept * (1 + Margin))
                {
                    continue; // every site here is farther than the page's farthest
                }
            }

            var points = cell.Points;
            for (var i = 0; i < points.Length; i++)
            {
                ref readonly var point = ref points[i];
                if ((!anyCategory && point.Category != wantedCategory) || point.RiskScore < leastScore)
                {
                    continue;
                }

                var term = centre.HaversineTermTo(point);
                if (!whollyInside)
                {
                    if (term > limitTerm)
                    {
                        continue;
                    }

                    total++;
                }

                if (term > farthestKept || limit == 0)
                {
                    continue;
                }

                var site = cell.Sites[i];
                var match = new NearbyMatch(site.SiteId, term, site.Row, site.Encoded);
                if (nearest.Count < limit)
                {
                    nearest.Enqueue(match, match);
                }
                else if (FarthestFirst.Instance.Compare(match, nearest.Peek()) > 0)
                {
                    nearest.EnqueueDequeue(match, match);
                }

                if (nearest.Count == limit)
                {
                    farthestKept = nearest.Peek().HaversineTerm;
                }
            }
        }

        var ordered = new NearbyMatch[nearest.Count];
        for (var i = ordered.Length - 1; i >= 0; i--)
        {
            ordered[i] = nearest.Dequeue();
        }

        return new NearbyResult(total, ordered);
    }

    private static int CellOf(double latitude, double longitude) => (RowOf(latitude) * LongitudeCells) + ColumnOf(longitude);

    private static int RowOf(double latitude) => Math.Clamp((int)Math.Floor((latitude + 90) * CellsPerDegree), 0, LatitudeCells - 1);

    private static int ColumnOf(double longitude) => Math.Clamp((int)Math.Floor((longitude + 180) * CellsPerDegree), 0, LongitudeCells - 1);

    /// <summary>
    /// One cell's sites, and beside them (same positions) what a search reads of every one: its point on
    /// the unit sphere and the filter fields, 32 bytes, so a scan streams through little memory.
    /// </summary>
    private sealed class Cell
    {
        public Cell(IndexedSite[] sites)
        {
            Sites = sites;
            Points = [.. sites.Select(site => Point.Of(site.Latitude, site.Longitude, site.Category, site.RiskScore))];

            // The sphere around the points: centre at their mean direction, radius their largest distance
            // from it (with slack for rounding), so any point's distance from a search centre lies within
            // chord(cell centre) ± Reach.
            double x = 0, y = 0, z = 0;
            foreach (var point in Points)
            {
                x += point.X;
                y += point.Y;
                z += point.Z;
            }

            Centre = new Point(x / Points.Length, y / Points.Length, z / Points.Length, 0, 0);
            var reach = 0.0;
            foreach (var point in Points)
            {
                reach = Math.Max(reach, Centre.ChordTo(point));
            }

            Reach = (reach * (1 + Margin)) + 1e-12;
        }

        public IndexedSite[] Sites { get; }

        public Point[] Points { get; }

        public Point Centre { get; }

        public double Reach { get; }
    }

    /// <summary>
    /// A site's point on the unit sphere: the distance test then needs no trigonometry, because the
    /// haversine term is a quarter of the squared straight-line (chord) distance: a = sin²(θ/2), chord = 2 sin(θ/2).
    /// </summary>
    private readonly record struct Point(double X, double Y, double Z, int RiskScore, short Category)
    {
        public static Point Of(double latitude, double longitude, short category, int riskScore)
        {
            var phi = latitude * (Math.PI / 180);
            var lambda = longitude * (Math.PI / 180);
            return new Point(Math.Cos(phi) * Math.Cos(lambda), Math.Cos(phi) * Math.Sin(lambda), Math.Sin(phi), riskScore, category);
        }

        public double ChordTo(in Point other)
        {
            var dx = X - other.X;
            var dy = Y - other.Y;
            var dz = Z - other.Z;
            return Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
        }

        public double HaversineTermTo(in Point other)
        {
            var dx = X - other.X;
            var dy = Y - other.Y;
            var dz = Z - other.Z;
            return ((dx * dx) + (dy * dy) + (dz * dz)) / 4;
        }
    }

    /// <summary>Orders matches farthest first: the queue's head is then the one to drop.</summary>
    private sealed class FarthestFirst : IComparer<NearbyMatch>
    {
        public static readonly FarthestFirst Instance = new();

        public int Compare(NearbyMatch x, NearbyMatch y)
        {
            var byTerm = y.HaversineTerm.CompareTo(x.HaversineTerm);
            return byTerm != 0 ? byTerm : y.SiteId.CompareTo(x.SiteId);
        }
    }
}
