using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Sites.V1;
using Spectre.Console;

namespace RelicSecurity.Cli.Sites;

/// <summary><c>relicctl sites list</c>: the filtered registry, highest risk first, one page or all of them.</summary>
internal static class SiteListCommand
{
    public static Command Create()
    {
        var province = new Option<string>("--province") { Description = "6-digit province code, e.g. 610000" };
        var category = EnumOption.Create<SiteCategory>("--category", "Only this category");
        var level = EnumOption.Create<ProtectionLevel>("--level", "Only this protection level");
        var minRisk = EnumOption.Create<RiskLevel>("--min-risk", "Only sites at this risk level or above");
        var name = new Option<string>("--name") { Description = "Names containing this text (any case)" };
        var pageSize = new Option<int>("--page-size") { Description = "Sites per page (1..500)", DefaultValueFactory = _ => 50 };
        var pageToken = new Option<string>("--page-token") { Description = "Continue from a previous page's next_page_token" };
        var all = new Option<bool>("--all") { Description = "Follow next_page_token to the last page" };
        var command = new Command("list", "List sites, highest risk first") { province, category, level, minRisk, name, pageSize, pageToken, all };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new SiteService.SiteServiceClient(session.Invoker);
            var request = new ListSitesRequest
            {
                ProvinceCode = parse.GetValue(province) ?? "",
                Category = parse.GetValue(category),
                ProtectionLevel = parse.GetValue(level),
                MinRiskLevel = parse.GetValue(minRisk),
                NameQuery = parse.GetValue(name) ?? "",
                PageSize = parse.GetValue(pageSize),
                PageToken = parse.GetValue(pageToken) ?? "",
            };

            var result = new ListSitesResponse();
            do
            {
                var page = await client.ListSitesAsync(request, deadline: session.Deadline(), cancellationToken: cancellationToken);
                result.Sites.AddRange(page.Sites);
                result.TotalSize = page.TotalSize;
                result.NextPageToken = page.NextPageToken;
                request.PageToken = page.NextPageToken;
            }
            while (parse.GetValue(all) && request.PageToken.Length > 0);

            if (session.Format == OutputFormat.Json)
            {
                await Printer.JsonAsync(session, result);
                return ExitCodes.Ok;
            }

            var table = Printer.Table(SiteView.Columns);
            foreach (var site in result.Sites)
            {
                table.AddRow(SiteView.Row(site));
            }

            Printer.Console(session).Write(table);
            await session.Out.WriteLineAsync($"{result.Sites.Count} of {result.TotalSize} site(s)" +
                (result.NextPageToken.Length > 0 ? $"; next page: --page-token {result.NextPageToken}" : ""));
            return ExitCodes.Ok;
        });
        return command;
    }
}
