using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Sites;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;

namespace RelicSecurity.Cli.Inspections;

/// <summary><c>relicctl inspections plan</c>: a joint inspection of sites in one province within a window.</summary>
internal static class InspectionPlanCommand
{
    public static Command Create()
    {
        var title = new Option<string>("--title") { Description = "What the inspection is for" };
        var province = new Option<string>("--province") { Description = "6-digit province code" };
        var lead = EnumOption.Create<Agency>("--lead", "Leading department");
        var with = new Option<string[]>("--with") { Description = "Participating departments (repeatable)", AllowMultipleArgumentsPerToken = true };
        var sites = new Option<string[]>("--site") { Description = "Site ids to inspect (repeatable)", AllowMultipleArgumentsPerToken = true };
        var from = new Option<string>("--from") { Description = "Window start (date or date-time)" };
        var to = new Option<string>("--to") { Description = "Window end (date or date-time)" };
        var requestId = new Option<string>("--request-id") { Description = "Idempotency key; default: a new one" };
        var command = new Command("plan", "Plan a joint inspection") { title, province, lead, with, sites, from, to, requestId };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var request = new PlanInspectionRequest
            {
                Title = parse.GetValue(title) ?? "",
                ProvinceCode = parse.GetValue(province) ?? "",
                LeadDepartment = parse.GetValue(lead),
                WindowStart = InspectionView.When(parse.GetValue(from), "--from"),
                WindowEnd = InspectionView.When(parse.GetValue(to), "--to"),
                RequestId = parse.GetValue(requestId) is { Length: > 0 } id ? id : Guid.NewGuid().ToString(),
            };
            request.SiteIds.AddRange(parse.GetValue(sites) ?? []);
            foreach (var department in parse.GetValue(with) ?? [])
            {
                request.ParticipatingDepartments.Add(EnumText.TryParse<Agency>(department, out var agency)
                    ? agency
                    : throw new InputException($"--with: \"{department}\" is not one of {EnumText.Choices<Agency>()}"));
            }

            var client = new InspectionService.InspectionServiceClient(session.Invoker);
            var inspection = await client.PlanInspectionAsync(request, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await InspectionView.PrintAsync(session, inspection, "planned " + InspectionView.Line(inspection));
        });
        return command;
    }
}
