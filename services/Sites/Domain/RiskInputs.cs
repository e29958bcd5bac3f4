namespace RelicSecurity.Sites.Domain;

/// <summary>
/// What other services currently report about one site, counted from the per-record state the Sites
/// consumers keep (open cases, open hazards by severity, overdue orders, latest completed inspection).
/// Counting records instead of adding up events makes repeats and late arrivals harmless.
/// </summary>
public sealed record RiskInputs(
    int OpenCases,
    int OpenHazardsLow,
    int OpenHazardsMedium,
    int OpenHazardsHigh,
    int OpenHazardsCritical,
    int OverdueRectifications,
    DateTime? LastInspectedAt)
{
    /// <summary>The site's factors with these inputs; its own facilities still count as they are.</summary>
    public RiskFactors ApplyTo(RiskFactors factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        return factors with
        {
            OpenCases = OpenCases,
            OpenHazardsLow = OpenHazardsLow,
            OpenHazardsMedium = OpenHazardsMedium,
            OpenHazardsHigh = OpenHazardsHigh,
            OpenHazardsCritical = OpenHazardsCritical,
            OverdueRectifications = OverdueRectifications,
        };
    }
}
