namespace RelicSecurity.Sites.Domain;

/// <summary>The risk of a site before and after one input moved, and why.</summary>
public sealed record RiskChange(RiskAssessment Before, RiskAssessment After, string Reason)
{
    public bool LevelChanged => Before.Level != After.Level;
}
