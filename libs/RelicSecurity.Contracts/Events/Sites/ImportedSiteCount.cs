namespace RelicSecurity.Contracts.Events.Sites;

/// <summary>How many sites of one province and risk level an import batch added.</summary>
public sealed record ImportedSiteCount(string ProvinceCode, string RiskLevel, int Count);
