using Google.Protobuf;
using NpgsqlTypes;
using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Sites.Nearby;

/// <summary>
/// What a nearby search needs of a site: where it is, what the filters test, its version, where its row
/// was last seen in the table (<paramref name="Row"/>, a ctid; default when not known yet), and the whole
/// site of that version in protobuf encoding (<paramref name="Encoded"/>; null when not kept).
/// </summary>
public readonly record struct IndexedSite(
    Guid SiteId, double Latitude, double Longitude, short Category, int RiskScore, long Version, NpgsqlTid Row = default, byte[]? Encoded = null)
{
    /// <summary>The index entry of a site as stored (read from the table or just written).</summary>
    public static IndexedSite Of(Site site, NpgsqlTid row = default, bool keepEncoding = true)
    {
        ArgumentNullException.ThrowIfNull(site);
        return new(Guid.Parse(site.SiteId), site.Latitude, site.Longitude, (short)site.Category, site.RiskScore, site.Version, row,
            keepEncoding ? site.ToByteArray() : null);
    }
}

/// <summary>A site in the circle, its haversine term a (monotonic in the distance), where its row was last seen, and its encoding if kept.</summary>
public readonly record struct NearbyMatch(Guid SiteId, double HaversineTerm, NpgsqlTid Row = default, byte[]? Encoded = null)
{
    public double DistanceKm => SphereGeometry.DistanceKm(HaversineTerm);
}

/// <summary>How many sites lie in the circle (after the filters), and the nearest of them, nearest first.</summary>
public sealed record NearbyResult(int Total, IReadOnlyList<NearbyMatch> Nearest);
