using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Cli.Sites;

/// <summary><c>relicctl sites get SITE_ID</c>.</summary>
internal static class SiteGetCommand
{
    public static Command Create()
    {
        var siteId = new Argument<string>("site-id") { Description = "The site's id (a UUID)" };
        var command = new Command("get", "Show one site with its risk factors") { siteId };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new SiteService.SiteServiceClient(session.Invoker);
            var site = await client.GetSiteAsync(new GetSiteRequest { SiteId = parse.GetValue(siteId) ?? "" }, deadline: session.Deadline(), cancellationToken: cancellationToken);
            if (session.Format == OutputFormat.Json)
            {
                await Printer.JsonAsync(session, site);
            }
            else
            {
                foreach (var line in SiteView.Details(site))
                {
                    await session.Out.WriteLineAsync(line);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
