namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>Counter names of a province's status (the ProvinceStatus columns of API.md; maps keyed by a suffix).</summary>
public static class StatusFields
{
    /// <summary>The province code of the national totals.</summary>
    public const string National = "000000";

    public const string OpenCases = "open_cases";
    public const string OpenCasesByTypePrefix = "open_cases_by_type:";
    public const string SupervisedCases = "supervised_cases";
    public const string CasesClosedInPrefix = "cases_closed:";
    public const string RelicsRecovered = "relics_recovered";
    public const string InspectionsPlanned = "inspections_planned";
    public const string InspectionsCompleted = "inspections_completed";
    public const string OpenHazards = "open_hazards";
    public const string OverdueRectifications = "overdue_rectifications";
    public const string SitesTotal = "sites_total";
    public const string SitesByRiskPrefix = "sites_by_risk:";

    public static string CasesClosedIn(int year) => CasesClosedInPrefix + year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The record's provinces once each, then the national totals (a joint case counts once nationally).</summary>
    public static IEnumerable<string> AndNational(IEnumerable<string> provinces) =>
        provinces.Where(p => !string.IsNullOrEmpty(p)).Distinct(StringComparer.Ordinal).Append(National);
}
