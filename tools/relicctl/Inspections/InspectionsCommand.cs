using System.CommandLine;

namespace RelicSecurity.Cli.Inspections;

/// <summary><c>relicctl inspections ...</c>: joint inspections, their hidden hazards and rectification orders.</summary>
public static class InspectionsCommand
{
    public static Command Create()
    {
        var inspections = new Command("inspections", "Joint inspections: plan, start, record findings, complete, rectify, verify, list");
        inspections.Subcommands.Add(InspectionPlanCommand.Create());
        inspections.Subcommands.Add(InspectionStepCommands.Start());
        inspections.Subcommands.Add(InspectionFindingCommand.Create());
        inspections.Subcommands.Add(InspectionStepCommands.Complete());
        inspections.Subcommands.Add(RectificationCommands.Issue());
        inspections.Subcommands.Add(RectificationCommands.Verify());
        inspections.Subcommands.Add(InspectionListCommand.Create());
        return inspections;
    }
}
