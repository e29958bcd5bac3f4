using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Inspections;
using RelicSecurity.Cli.Sites;
using RelicSecurity.Contracts.Cases.V1;

namespace RelicSecurity.Cli.Cases;

/// <summary><c>relicctl cases relic get|list</c> and <c>relicctl cases custody RELIC_ID</c>: relics and their chain of custody.</summary>
internal static class RelicCommands
{
    // Custody events without --at happen now; relicctl keeps no other time.
    private static readonly TimeProvider Clock = TimeProvider.System;

    public static Command Get() => CaseGetCommand.Create("relic-id", "The relic's id", "Show one relic with its chain of custody",
        async (client, id, session, cancellationToken) =>
            await client.GetRelicAsync(new GetRelicRequest { RelicId = id }, deadline: session.Deadline(), cancellationToken: cancellationToken),
        CaseView.Details);

    public static Command List()
    {
        var caseId = new Option<string>("--case") { Description = "Only this case's relics" };
        var status = EnumOption.Create<RelicStatus>("--status", "Only relics in this status");
        var province = new Option<string>("--province") { Description = "Only relics of cases led or joined by this province" };
        var overdue = new Option<bool>("--handover-overdue") { Description = "Only relics past their handover deadline" };
        var page = new PageOptions();
        var command = page.AddTo(new Command("list", "List relics") { caseId, status, province, overdue });
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new CaseService.CaseServiceClient(session.Invoker);
            var found = await client.ListRelicsAsync(new ListRelicsRequest
            {
                CaseId = parse.GetValue(caseId) ?? "",
                Status = parse.GetValue(status),
                ProvinceCode = parse.GetValue(province) ?? "",
                HandoverOverdue = parse.GetValue(overdue),
                PageSize = page.Size(parse),
                PageToken = page.Token(parse),
            }, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await CaseView.PrintTableAsync(session, found, CaseView.RelicColumns, found.Relics.Select(CaseView.Row),
                $"{found.Relics.Count} of {found.TotalSize} relic(s){CaseView.NextPage(found.NextPageToken)}");
        });
        return command;
    }

    public static Command Custody()
    {
        var id = new Argument<string>("relic-id") { Description = "The relic's id" };
        var kind = EnumOption.Create<CustodyEventKind>("--kind", "What happened to the relic (HANDED_OVER is final)");
        var holder = new Option<string>("--holder") { Description = "Who holds it now" };
        var at = new Option<string>("--at") { Description = "When (date or date-time); default: now" };
        var note = new Option<string>("--note") { Description = "For the custody record" };
        var version = new Option<long>("--expected-version") { Description = "Fail with ABORTED unless the relic is at this version; default: the version read just before" };
        var command = new Command("custody", "Record a custody event of a relic (seized, appraised, handed over ...)") { id, kind, holder, at, note, version };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new CaseService.CaseServiceClient(session.Invoker);
            var relicId = parse.GetValue(id) ?? "";
            // As for cases: without --expected-version the version read just before stands in.
            var expected = parse.GetValue(version) is > 0 and var given
                ? given
                : (await client.GetRelicAsync(new GetRelicRequest { RelicId = relicId }, deadline: session.Deadline(), cancellationToken: cancellationToken)).Version;
            var relic = await client.RecordCustodyEventAsync(new RecordCustodyEventRequest
            {
                RelicId = relicId,
                Kind = parse.GetValue(kind),
                Holder = parse.GetValue(holder) ?? "",
                At = parse.GetValue(at) is { Length: > 0 } when ? InspectionView.When(when, "--at") : Timestamp.FromDateTimeOffset(Clock.GetUtcNow()),
                Note = parse.GetValue(note) ?? "",
                ExpectedVersion = expected,
            }, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await CaseView.PrintAsync(session, relic, [CaseView.Line(relic)]);
        });
        return command;
    }

    public static Command Match()
    {
        var text = new Option<string>("--text") { Description = "Free text: title, description, inscriptions, features" };
        var type = new Option<string>("--type") { Description = "Object type (ceramics/jar)" };
        var materials = new Option<string[]>("--material") { Description = "Materials (repeatable)", AllowMultipleArgumentsPerToken = true };
        var period = new Option<string>("--period") { Description = "Date or period" };
        var limit = new Option<int>("--limit") { Description = "At most this many candidates (1..100)", DefaultValueFactory = _ => 20 };
        var command = new Command("match", "Check a seized object against the stolen relics, best candidates first") { text, type, materials, period, limit };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var request = new MatchRelicRequest
            {
                Text = parse.GetValue(text) ?? "",
                ObjectType = parse.GetValue(type) ?? "",
                Period = parse.GetValue(period) ?? "",
                Limit = parse.GetValue(limit),
            };
            request.Materials.AddRange(parse.GetValue(materials) ?? []);
            var client = new CaseService.CaseServiceClient(session.Invoker);
            var found = await client.MatchRelicAsync(request, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await CaseView.PrintTableAsync(session, found, ["score", .. CaseView.RelicColumns],
                found.Candidates.Select(candidate => (string[])[candidate.Score.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), .. CaseView.Row(candidate.Relic)]),
                $"{found.Candidates.Count} candidate(s)");
        });
        return command;
    }
}
