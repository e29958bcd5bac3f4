using System.CommandLine;
using RelicSecurity.Cli.Audit;
using RelicSecurity.Cli.Cases;
using RelicSecurity.Cli.Events;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Inspections;
using RelicSecurity.Cli.Seed;
using RelicSecurity.Cli.Sites;
using RelicSecurity.Cli.Status;
using RelicSecurity.Cli.Tokens;

namespace RelicSecurity.Cli;

/// <summary>The relicctl command tree; each area adds its command group here.</summary>
public static class RelicCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("relicctl: command line for RelicSecurity teams, integrators and operators");
        GatewayOptions.AddTo(root);
        root.Subcommands.Add(SitesCommand.Create());
        root.Subcommands.Add(CasesCommand.Create());
        root.Subcommands.Add(InspectionsCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(SeedCommand.Create());
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(TokenCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse exits with
    /// <see cref="ExitCodes.Usage"/> (System.CommandLine alone would say 1, the code of a server failure).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parse = Create().Parse(args);
        var exitCode = await parse.InvokeAsync(configuration, cancellationToken);
        return parse.Errors.Count > 0 && exitCode != ExitCodes.Ok ? ExitCodes.Usage : exitCode;
    }
}
