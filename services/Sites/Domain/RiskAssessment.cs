namespace RelicSecurity.Sites.Domain;

/// <summary>A score and the level it falls in.</summary>
public readonly record struct RiskAssessment(int Score, SiteRiskLevel Level);
