using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Cli.Cases;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Inspections;
using RelicSecurity.Contracts.Cases.V1;
using Spectre.Console;

namespace RelicSecurity.Cli.Audit;

/// <summary><c>relicctl audit</c>: who read or wrote which case or relic (national role, or the audit.read scope).</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var record = new Option<string>("--record") { Description = "Only entries touching this case or relic id" };
        var actor = new Option<string>("--actor") { Description = "Only this actor's calls" };
        var since = new Option<string>("--since") { Description = "Only entries at or after (date or date-time)" };
        var page = new PageOptions();
        var command = page.AddTo(new Command("audit", "The audit trail of cases and relics: who read or wrote what, and the outcome") { record, actor, since });
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new AuditService.AuditServiceClient(session.Invoker);
            var found = await client.ListAuditEntriesAsync(new ListAuditEntriesRequest
            {
                RecordId = parse.GetValue(record) ?? "",
                Actor = parse.GetValue(actor) ?? "",
                Since = parse.GetValue(since) is { Length: > 0 } text ? InspectionView.When(text, "--since") : null,
                PageSize = page.Size(parse),
                PageToken = page.Token(parse),
            }, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await CaseView.PrintTableAsync(session, found, ["at", "actor", "role", "province", "method", "outcome", "records"],
                found.Entries.Select(Row), $"{found.Entries.Count} entr{(found.Entries.Count == 1 ? "y" : "ies")}{CaseView.NextPage(found.NextPageToken)}");
        });
        return command;
    }

    private static string[] Row(AuditEntry entry) =>
    [
        CaseView.Moment(entry.At), Markup.Escape(entry.Actor), Markup.Escape(entry.Role), entry.ProvinceCode,
        Markup.Escape(entry.Method[(entry.Method.LastIndexOf('/') + 1)..]), entry.Outcome, string.Join(",", entry.RecordIds),
    ];
}
