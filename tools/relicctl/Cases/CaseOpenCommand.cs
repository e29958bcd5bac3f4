using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Inspections;
using RelicSecurity.Cli.Sites;
using RelicSecurity.Contracts.Cases.V1;

namespace RelicSecurity.Cli.Cases;

/// <summary><c>relicctl cases open</c>: a relic crime case led by one province's agency.</summary>
internal static class CaseOpenCommand
{
    public static Command Create()
    {
        var title = new Option<string>("--title") { Description = "What happened, in a few words" };
        var type = EnumOption.Create<CaseType>("--type", "Kind of crime");
        var province = new Option<string>("--province") { Description = "Leading province, 6-digit code" };
        var agency = EnumOption.Create<Agency>("--agency", "Leading agency");
        var occurred = new Option<string>("--occurred") { Description = "When it happened (date or date-time)" };
        var summary = new Option<string>("--summary") { Description = "What is known so far" };
        var sites = new Option<string[]>("--site") { Description = "Site ids concerned (repeatable)", AllowMultipleArgumentsPerToken = true };
        var requestId = new Option<string>("--request-id") { Description = "Idempotency key: the same key opens the case once; default: a new one" };
        var command = new Command("open", "Open a case") { title, type, province, agency, occurred, summary, sites, requestId };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var request = new OpenCaseRequest
            {
                Title = parse.GetValue(title) ?? "",
                Type = parse.GetValue(type),
                LeadProvinceCode = parse.GetValue(province) ?? "",
                LeadAgency = parse.GetValue(agency),
                OccurredAt = InspectionView.When(parse.GetValue(occurred), "--occurred"),
                Summary = parse.GetValue(summary) ?? "",
                RequestId = parse.GetValue(requestId) is { Length: > 0 } key ? key : Guid.NewGuid().ToString(),
            };
            request.SiteIds.AddRange(parse.GetValue(sites) ?? []);
            var client = new CaseService.CaseServiceClient(session.Invoker);
            var opened = await client.OpenCaseAsync(request, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await CaseView.PrintAsync(session, opened, ["opened " + CaseView.Line(opened)]);
        });
        return command;
    }
}
