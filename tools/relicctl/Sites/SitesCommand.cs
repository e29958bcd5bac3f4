using System.CommandLine;

namespace RelicSecurity.Cli.Sites;

/// <summary><c>relicctl sites ...</c>: the site registry through the gateway's SiteService.</summary>
public static class SitesCommand
{
    public static Command Create()
    {
        var sites = new Command("sites", "Protected heritage sites: list, look up, register, bulk import, search nearby, watch risk");
        sites.Subcommands.Add(SiteListCommand.Create());
        sites.Subcommands.Add(SiteGetCommand.Create());
        sites.Subcommands.Add(SiteRegisterCommand.Create());
        sites.Subcommands.Add(SiteImportCommand.Create());
        sites.Subcommands.Add(SiteNearbyCommand.Create());
        sites.Subcommands.Add(SiteWatchCommand.Create());
        return sites;
    }
}
