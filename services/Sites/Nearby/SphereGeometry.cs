namespace RelicSecurity.Sites.Nearby;

/// <summary>
/// The distance rule of SearchSitesNearby: haversine a = sin²(Δφ/2) + cos φ₀ cos φ sin²(Δλ/2); a site
/// is in the circle of radius r when a ≤ sin²(r / 2R); distance = 2R asin(√a). The SQL fallback
/// computes <see cref="HaversineTerm"/> in SQL; the in-memory index computes the same a in its chord
/// form (no trigonometry per site), and its tests check it against <see cref="HaversineTerm"/>. Both
/// use the same radius, limit, bounding box and distance conversion from here.
/// </summary>
public static class SphereGeometry
{
    public const double EarthRadiusKm = 6371.0088;

    public const double KmPerDegree = Math.PI * EarthRadiusKm / 180;

    public static double Limit(double radiusKm)
    {
        var half = Math.Sin(Math.Min(radiusKm / EarthRadiusKm, Math.PI) / 2);
        return half * half;
    }

    public static double HaversineTerm(double centreLatitude, double centreLongitude, double cosCentreLatitude, double latitude, double longitude)
    {
        var dLat = Math.Sin((latitude - centreLatitude) * (Math.PI / 360));
        var dLon = Math.Sin((longitude - centreLongitude) * (Math.PI / 360));
        return (dLat * dLat) + (cosCentreLatitude * Math.Cos(latitude * (Math.PI / 180)) * dLon * dLon);
    }

    public static double DistanceKm(double haversineTerm) => 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Clamp(haversineTerm, 0, 1)));

    /// <summary>Latitude/longitude box around a circle; the whole longitude range when it reaches a pole or the antimeridian.</summary>
    public static (double MinLat, double MaxLat, double MinLon, double MaxLon) BoundingBox(double latitude, double longitude, double radiusKm)
    {
        var dLat = radiusKm / KmPerDegree;
        var minLat = Math.Max(-90, latitude - dLat);
        var maxLat = Math.Min(90, latitude + dLat);
        var farthestFromEquator = Math.Max(Math.Abs(minLat), Math.Abs(maxLat));
        if (farthestFromEquator >= 89.9)
        {
            return (minLat, maxLat, -180, 180);
        }

        var dLon = radiusKm / (KmPerDegree * Math.Cos(farthestFromEquator * Math.PI / 180));
        var minLon = longitude - dLon;
        var maxLon = longitude + dLon;
        return minLon < -180 || maxLon > 180 ? (minLat, maxLat, -180, 180) : (minLat, maxLat, minLon, maxLon);
    }
}
