namespace RelicSecurity.Sites.Nearby;

/// <summary>What a nearby search needs of a site: where it is, what the filters test, and its version.</summary>
public readonly record struct IndexedSite(Guid SiteId, double Latitude, double Longitude, short Category, int RiskScore, long Version);

/// <summary>A site in the circle and its haversine term a (monotonic in the distance).</summary>
public readonly record struct NearbyMatch(Guid SiteId, double HaversineTerm)
{
    public double DistanceKm => SphereGeometry.DistanceKm(HaversineTerm);
}

/// <summary>How many sites lie in the circle (after the filters), and the nearest of them, nearest first.</summary>
public sealed record NearbyResult(int Total, IReadOnlyList<NearbyMatch> Nearest);
