using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Inspections.V1;

namespace RelicSecurity.Cli.Inspections;

/// <summary><c>relicctl inspections start|complete ID</c>: an inspection's state moves.</summary>
internal static class InspectionStepCommands
{
    public static Command Start() => Step("start", "Start a planned inspection (PLANNED -> IN_PROGRESS)", async (client, id, version, session, cancellationToken) =>
        await client.StartInspectionAsync(new StartInspectionRequest { InspectionId = id, ExpectedVersion = version }, deadline: session.Deadline(), cancellationToken: cancellationToken));

    public static Command Complete() => Step("complete", "Complete an inspection in progress (sets its sites' last inspection)", async (client, id, version, session, cancellationToken) =>
        await client.CompleteInspectionAsync(new CompleteInspectionRequest { InspectionId = id, ExpectedVersion = version }, deadline: session.Deadline(), cancellationToken: cancellationToken));

    private static Command Step(string name, string description,
        Func<InspectionService.InspectionServiceClient, string, long, GatewaySession, CancellationToken, Task<Inspection>> call)
    {
        var id = new Argument<string>("inspection-id") { Description = "The inspection's id" };
        var version = new Option<long>("--expected-version") { Description = "Fail with ABORTED unless the inspection is at this version (0: do not check)" };
        var command = new Command(name, description) { id, version };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new InspectionService.InspectionServiceClient(session.Invoker);
            var inspection = await call(client, parse.GetValue(id) ?? "", parse.GetValue(version), session, cancellationToken);
            return await InspectionView.PrintAsync(session, inspection, InspectionView.Line(inspection));
        });
        return command;
    }
}
