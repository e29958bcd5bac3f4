using System.CommandLine;
using RelicSecurity.Cli.Events;
using RelicSecurity.Cli.Tokens;

namespace RelicSecurity.Cli;

/// <summary>The relicctl command tree; each area adds its command group here.</summary>
public static class RelicCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("relicctl: command line for RelicSecurity teams, integrators and operators");
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(TokenCommand.Create());
        return root;
    }
}
