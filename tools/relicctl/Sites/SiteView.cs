using System.Globalization;
using RelicSecurity.Contracts.Sites.V1;
using Spectre.Console;

namespace RelicSecurity.Cli.Sites;

/// <summary>How a site reads in text output.</summary>
public static class SiteView
{
    public static readonly string[] Columns = ["site_id", "name", "province", "category", "level", "risk", "score"];

    public static string[] Row(Site site) =>
    [
        site.SiteId,
        Markup.Escape(site.Name),
        site.ProvinceCode,
        EnumText.Show(site.Category),
        EnumText.Show(site.ProtectionLevel),
        EnumText.Show(site.RiskLevel),
        site.RiskScore.ToString(CultureInfo.InvariantCulture),
    ];

    public static IEnumerable<string> Details(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var facilities = site.Facilities ?? new SecurityFacilities();
        var factors = site.RiskFactors ?? new RiskFactors();
        yield return $"site_id:            {site.SiteId}";
        yield return $"name:               {site.Name}";
        yield return $"province:           {site.ProvinceCode}  county: {site.County}";
        yield return $"category:           {EnumText.Show(site.Category)}";
        yield return $"protection level:   {EnumText.Show(site.ProtectionLevel)}";
        yield return string.Create(CultureInfo.InvariantCulture, $"position:           {site.Latitude:0.######}, {site.Longitude:0.######}");
        yield return $"custodian unit:     {site.CustodianUnit}";
        yield return $"responsible person: {site.ResponsiblePerson}  {site.ResponsiblePhone}";
        yield return $"facilities:         alarm={YesNo(facilities.IntrusionAlarm)} cctv={YesNo(facilities.Cctv)} patrol={YesNo(facilities.NightPatrol)} fire={YesNo(facilities.FireProtection)}";
        yield return $"risk:               {EnumText.Show(site.RiskLevel)} (score {site.RiskScore}: open cases {factors.OpenCases}, hazards {factors.OpenHazardsLow}/{factors.OpenHazardsMedium}/{factors.OpenHazardsHigh}/{factors.OpenHazardsCritical}, overdue rectifications {factors.OverdueRectifications}, missing facilities {factors.MissingFacilities})";
        yield return $"last inspected:     {(site.LastInspectedAt is { } at ? at.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) : "never")}";
        yield return $"version:            {site.Version}";
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
