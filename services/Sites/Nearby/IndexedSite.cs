using NpgsqlTypes;

namespace RelicSecurity.Sites.Nearby;

/// <summary>
/// What a nearby search needs of a site: where it is, what the filters test, its version, and where its
/// row was last seen in the table (<paramref name="Row"/>, a ctid; default when not known yet).
/// </summary>
public readonly record struct IndexedSite(Guid SiteId, double Latitude, double Longitude, short Category, int RiskScore, long Version, NpgsqlTid Row = default);

/// <summary>A site in the circle, its haversine term a (monotonic in the distance), and where its row was last seen.</summary>
public readonly record struct NearbyMatch(Guid SiteId, double HaversineTerm, NpgsqlTid Row = default)
{
    public double DistanceKm => SphereGeometry.DistanceKm(HaversineTerm);
}

/// <summary>How many sites lie in the circle (after the filters), and the nearest of them, nearest first.</summary>
public sealed record NearbyResult(int Total, IReadOnlyList<NearbyMatch> Nearest);
