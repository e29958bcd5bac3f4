using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Inspections;
using RelicSecurity.Cli.Sites;
using RelicSecurity.Contracts.Cases.V1;

namespace RelicSecurity.Cli.Cases;

/// <summary><c>relicctl cases get|list</c>: one case with its history, or the cases the token may see.</summary>
internal static class CaseReadCommands
{
    public static Command Get() => CaseGetCommand.Create("case-id", "The case's id", "Show one case with its stage history",
        async (client, id, session, cancellationToken) =>
            await client.GetCaseAsync(new GetCaseRequest { CaseId = id }, deadline: session.Deadline(), cancellationToken: cancellationToken),
        CaseView.Details);

    public static Command List()
    {
        var province = new Option<string>("--province") { Description = "Cases led or joined by this province (6-digit code)" };
        var type = EnumOption.Create<CaseType>("--type", "Only this kind of crime");
        var stage = EnumOption.Create<CaseStage>("--stage", "Only cases at this stage");
        var site = new Option<string>("--site") { Description = "Only cases concerning this site id" };
        var supervision = EnumOption.Create<Supervision>("--supervision", "Only cases under this supervision");
        var after = new Option<string>("--opened-after") { Description = "Opened at or after (date or date-time)" };
        var before = new Option<string>("--opened-before") { Description = "Opened before (date or date-time)" };
        var page = new PageOptions();
        var command = page.AddTo(new Command("list", "List cases") { province, type, stage, site, supervision, after, before });
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new CaseService.CaseServiceClient(session.Invoker);
            var found = await client.ListCasesAsync(new ListCasesRequest
            {
                ProvinceCode = parse.GetValue(province) ?? "",
                Type = parse.GetValue(type),
                Stage = parse.GetValue(stage),
                SiteId = parse.GetValue(site) ?? "",
                Supervision = parse.GetValue(supervision),
                OpenedAfter = Optional(parse.GetValue(after), "--opened-after"),
                OpenedBefore = Optional(parse.GetValue(before), "--opened-before"),
                PageSize = page.Size(parse),
                PageToken = page.Token(parse),
            }, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await CaseView.PrintTableAsync(session, found, CaseView.CaseColumns, found.Cases.Select(CaseView.Row),
                $"{found.Cases.Count} of {found.TotalSize} case(s){CaseView.NextPage(found.NextPageToken)}");
        });
        return command;
    }

    private static Timestamp? Optional(string? text, string option) => string.IsNullOrEmpty(text) ? null : InspectionView.When(text, option);
}
