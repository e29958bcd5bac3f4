namespace RelicSecurity.Sites.Domain;

/// <summary>
/// The inputs of the risk rule for one site, with the domain operations that move them.
/// Decrements stop at zero: events from other services may arrive after a rebuild or twice
/// despite the inbox, and a negative count would lower the score below what the site deserves.
/// </summary>
public sealed record RiskFactors(
    int OpenCases,
    int OpenHazardsLow,
    int OpenHazardsMedium,
    int OpenHazardsHigh,
    int OpenHazardsCritical,
    int OverdueRectifications,
    int MissingFacilities)
{
    public static RiskFactors None { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>The factors of a newly registered site: only its facilities count.</summary>
    public static RiskFactors ForFacilities(SecurityFacilitySet facilities) =>
        None.WithFacilities(facilities);

    public RiskFactors WithFacilities(SecurityFacilitySet facilities) =>
        this with { MissingFacilities = facilities.MissingCount };

    /// <summary>A case naming this site was opened.</summary>
    public RiskFactors CaseOpened() => this with { OpenCases = OpenCases + 1 };

    /// <summary>A case naming this site reached CLOSED or DROPPED.</summary>
    public RiskFactors CaseClosed() => this with { OpenCases = DecrementedOrZero(OpenCases) };

    /// <summary>An inspection recorded a hazard at this site: it is open until its rectification is verified.</summary>
    public RiskFactors HazardRecorded(HazardSeverity severity) => severity switch
    {
        HazardSeverity.Low => this with { OpenHazardsLow = OpenHazardsLow + 1 },
        HazardSeverity.Medium => this with { OpenHazardsMedium = OpenHazardsMedium + 1 },
        HazardSeverity.High => this with { OpenHazardsHigh = OpenHazardsHigh + 1 },
        HazardSeverity.Critical => this with { OpenHazardsCritical = OpenHazardsCritical + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown hazard severity"),
    };

    /// <summary>
    /// The hazard's rectification was verified as passed: the hazard closes, and if its order had
    /// gone overdue that overdue order is resolved too.
    /// </summary>
    public RiskFactors HazardVerified(HazardSeverity severity, bool wasOverdue)
    {
        var closed = severity switch
        {
            HazardSeverity.Low => this with { OpenHazardsLow = DecrementedOrZero(OpenHazardsLow) },
            HazardSeverity.Medium => this with { OpenHazardsMedium = DecrementedOrZero(OpenHazardsMedium) },
            HazardSeverity.High => this with { OpenHazardsHigh = DecrementedOrZero(OpenHazardsHigh) },
            HazardSeverity.Critical => this with { OpenHazardsCritical = DecrementedOrZero(OpenHazardsCritical) },
            _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown hazard severity"),
        };
        return wasOverdue ? closed with { OverdueRectifications = DecrementedOrZero(OverdueRectifications) } : closed;
    }

    /// <summary>A rectification order for a hazard at this site passed its deadline unverified.</summary>
    public RiskFactors RectificationOverdue() => this with { OverdueRectifications = OverdueRectifications + 1 };

    private static int DecrementedOrZero(int value) => value > 0 ? value - 1 : 0;
}
