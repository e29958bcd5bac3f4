namespace RelicSecurity.Inspections.Domain;

/// <summary>
/// A site's risk level moved (from the Sites service's SiteRiskChanged event). <see cref="ChangedAt"/> is when Sites
/// committed the change under the site's lock, so it orders one site's changes however the events arrive.
/// </summary>
public sealed record SiteRiskChange(Guid SiteId, string ProvinceCode, SiteRiskLevel From, SiteRiskLevel To, DateTimeOffset ChangedAt);
