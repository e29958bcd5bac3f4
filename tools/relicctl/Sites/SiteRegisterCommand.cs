using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Cli.Sites;

/// <summary><c>relicctl sites register</c>: one site from options; the server checks every field and names each bad one.</summary>
internal static class SiteRegisterCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "Site name" };
        var province = new Option<string>("--province") { Description = "6-digit province code, e.g. 610000" };
        var county = new Option<string>("--county") { Description = "County (free text)" };
        var category = EnumOption.Create<SiteCategory>("--category", "Survey category");
        var level = EnumOption.Create<ProtectionLevel>("--level", "Protection level");
        var latitude = new Option<double>("--lat") { Description = "Latitude, WGS-84 degrees" };
        var longitude = new Option<double>("--lon") { Description = "Longitude, WGS-84 degrees" };
        var custodian = new Option<string>("--custodian") { Description = "Custodian unit" };
        var responsible = new Option<string>("--responsible") { Description = "The person directly responsible for the site's relic safety" };
        var phone = new Option<string>("--phone") { Description = "The responsible person's phone" };
        var facilities = new Option<string>("--facilities")
        {
            Description = "Security facilities present, comma separated: alarm,cctv,patrol,fire (or none)",
            DefaultValueFactory = _ => "none",
        };
        var requestId = new Option<string>("--request-id") { Description = "Idempotency key: repeating it returns the first result; default: a new one" };
        var command = new Command("register", "Register one site")
        {
            name, province, county, category, level, latitude, longitude, custodian, responsible, phone, facilities, requestId,
        };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var request = new RegisterSiteRequest
            {
                RequestId = parse.GetValue(requestId) is { Length: > 0 } id ? id : Guid.NewGuid().ToString(),
                Site = new Site
                {
                    Name = parse.GetValue(name) ?? "",
                    ProvinceCode = parse.GetValue(province) ?? "",
                    County = parse.GetValue(county) ?? "",
                    Category = parse.GetValue(category),
                    ProtectionLevel = parse.GetValue(level),
                    Latitude = parse.GetValue(latitude),
                    Longitude = parse.GetValue(longitude),
                    CustodianUnit = parse.GetValue(custodian) ?? "",
                    ResponsiblePerson = parse.GetValue(responsible) ?? "",
                    ResponsiblePhone = parse.GetValue(phone) ?? "",
                    Facilities = ParseFacilities(parse.GetValue(facilities) ?? "none"),
                },
            };
            var client = new SiteService.SiteServiceClient(session.Invoker);
            var site = await client.RegisterSiteAsync(request, deadline: session.Deadline(), cancellationToken: cancellationToken);
            if (session.Format == OutputFormat.Json)
            {
                await Printer.JsonAsync(session, site);
            }
            else
            {
                await session.Out.WriteLineAsync($"registered {site.SiteId} (risk {EnumText.Show(site.RiskLevel)}, score {site.RiskScore}, request id {request.RequestId})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static SecurityFacilities ParseFacilities(string list)
    {
        var facilities = new SecurityFacilities();
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (item.ToUpperInvariant())
            {
                case "NONE":
                    break;
                case "ALARM":
                    facilities.IntrusionAlarm = true;
                    break;
                case "CCTV":
                    facilities.Cctv = true;
                    break;
                case "PATROL":
                    facilities.NightPatrol = true;
                    break;
                case "FIRE":
                    facilities.FireProtection = true;
                    break;
                default:
                    throw new InputException($"--facilities: \"{item}\" is not one of alarm, cctv, patrol, fire, none");
            }
        }

        return facilities;
    }
}
