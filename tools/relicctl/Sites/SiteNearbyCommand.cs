using System.CommandLine;
using System.Globalization;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Sites.V1;
using Spectre.Console;

namespace RelicSecurity.Cli.Sites;

/// <summary><c>relicctl sites nearby --lat --lon --radius-km</c>: sites around a point, nearest first.</summary>
internal static class SiteNearbyCommand
{
    public static Command Create()
    {
        var latitude = new Option<double>("--lat") { Description = "Latitude, WGS-84 degrees", Required = true };
        var longitude = new Option<double>("--lon") { Description = "Longitude, WGS-84 degrees", Required = true };
        var radius = new Option<double>("--radius-km") { Description = "Search radius in km (0 < r <= 2000)", DefaultValueFactory = _ => 10 };
        var limit = new Option<int>("--limit") { Description = "At most this many sites (1..500)", DefaultValueFactory = _ => 50 };
        var category = EnumOption.Create<SiteCategory>("--category", "Only this category");
        var minRisk = EnumOption.Create<RiskLevel>("--min-risk", "Only sites at this risk level or above");
        var command = new Command("nearby", "Sites within a radius of a point, nearest first") { latitude, longitude, radius, limit, category, minRisk };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new SiteService.SiteServiceClient(session.Invoker);
            var found = await client.SearchSitesNearbyAsync(new SearchSitesNearbyRequest
            {
                Latitude = parse.GetValue(latitude),
                Longitude = parse.GetValue(longitude),
                RadiusKm = parse.GetValue(radius),
                Limit = parse.GetValue(limit),
                Category = parse.GetValue(category),
                MinRiskLevel = parse.GetValue(minRisk),
            }, deadline: session.Deadline(), cancellationToken: cancellationToken);

            if (session.Format == OutputFormat.Json)
            {
                await Printer.JsonAsync(session, found);
                return ExitCodes.Ok;
            }

            var table = Printer.Table(["km", .. SiteView.Columns]);
            for (var i = 0; i < found.Sites.Count; i++)
            {
                var distance = i < found.DistancesKm.Count ? found.DistancesKm[i].ToString("0.00", CultureInfo.InvariantCulture) : "?";
                table.AddRow([distance, .. SiteView.Row(found.Sites[i])]);
            }

            Printer.Console(session).Write(table);
            await session.Out.WriteLineAsync($"{found.Sites.Count} site(s) within {parse.GetValue(radius).ToString(CultureInfo.InvariantCulture)} km");
            return ExitCodes.Ok;
        });
        return command;
    }
}
