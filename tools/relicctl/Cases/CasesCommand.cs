using System.CommandLine;

namespace RelicSecurity.Cli.Cases;

/// <summary><c>relicctl cases ...</c>: relic crime cases, the relics in them and their custody.</summary>
public static class CasesCommand
{
    public static Command Create()
    {
        var cases = new Command("cases", "Relic crime cases: open, get, list, advance, join, supervise, relic add|get|list, custody, match");
        cases.Subcommands.Add(CaseOpenCommand.Create());
        cases.Subcommands.Add(CaseReadCommands.Get());
        cases.Subcommands.Add(CaseReadCommands.List());
        cases.Subcommands.Add(CaseChangeCommands.Advance());
        cases.Subcommands.Add(CaseChangeCommands.Join());
        cases.Subcommands.Add(CaseChangeCommands.Supervise());
        var relic = new Command("relic", "Relics in cases (Object ID fields)");
        relic.Subcommands.Add(RelicAddCommand.Create());
        relic.Subcommands.Add(RelicCommands.Get());
        relic.Subcommands.Add(RelicCommands.List());
        cases.Subcommands.Add(relic);
        cases.Subcommands.Add(RelicCommands.Custody());
        cases.Subcommands.Add(RelicCommands.Match());
        return cases;
    }
}
