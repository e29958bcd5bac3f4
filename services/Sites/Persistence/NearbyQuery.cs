using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Sites.Persistence;

/// <summary>A validated SearchSitesNearby request; <see cref="ProvinceCode"/> empty: any province.</summary>
public sealed record NearbyQuery(double Latitude, double Longitude, double RadiusKm, int Limit, SiteCategory Category, RiskLevel MinRiskLevel,
    string ProvinceCode = "");
