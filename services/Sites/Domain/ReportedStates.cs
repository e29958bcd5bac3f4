namespace RelicSecurity.Sites.Domain;

/// <summary>How Sites reads the states other services name in their events (proto names without prefix).</summary>
public static class ReportedStates
{
    /// <summary>A case counts as open for its sites until it reaches CLOSED or DROPPED (API.md).</summary>
    public static bool CaseCountsAsOpen(string stage) =>
        !string.Equals(stage, "CLOSED", StringComparison.Ordinal) && !string.Equals(stage, "DROPPED", StringComparison.Ordinal);

    /// <summary>The severity named in an Inspections event, or null for a name Sites does not know.</summary>
    public static HazardSeverity? SeverityOf(string severity) => severity switch
    {
        "LOW" => HazardSeverity.Low,
        "MEDIUM" => HazardSeverity.Medium,
        "HIGH" => HazardSeverity.High,
        "CRITICAL" => HazardSeverity.Critical,
        _ => null,
    };
}
