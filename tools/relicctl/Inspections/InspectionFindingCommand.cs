using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Sites;
using RelicSecurity.Contracts.Inspections.V1;

namespace RelicSecurity.Cli.Inspections;

/// <summary><c>relicctl inspections finding ID</c>: records a hidden hazard found at one of the inspection's sites.</summary>
internal static class InspectionFindingCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("inspection-id") { Description = "The inspection in progress" };
        var site = new Option<string>("--site") { Description = "Site id (one of the inspection's)" };
        var category = EnumOption.Create<FindingCategory>("--category", "Kind of hazard");
        var severity = EnumOption.Create<Severity>("--severity", "How serious");
        var description = new Option<string>("--description") { Description = "What was found" };
        var requestId = new Option<string>("--request-id") { Description = "Idempotency key; default: a new one" };
        var command = new Command("finding", "Record a hidden hazard") { id, site, category, severity, description, requestId };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new InspectionService.InspectionServiceClient(session.Invoker);
            var finding = await client.RecordFindingAsync(new RecordFindingRequest
            {
                InspectionId = parse.GetValue(id) ?? "",
                SiteId = parse.GetValue(site) ?? "",
                Category = parse.GetValue(category),
                Severity = parse.GetValue(severity),
                Description = parse.GetValue(description) ?? "",
                RequestId = parse.GetValue(requestId) is { Length: > 0 } key ? key : Guid.NewGuid().ToString(),
            }, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await InspectionView.PrintAsync(session, finding, "recorded " + InspectionView.Line(finding));
        });
        return command;
    }
}
