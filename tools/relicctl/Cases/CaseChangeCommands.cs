using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Sites;
using RelicSecurity.Contracts.Cases.V1;

namespace RelicSecurity.Cli.Cases;

/// <summary><c>relicctl cases advance|join|supervise CASE_ID</c>: a case moves a stage, gains a province, or is supervised.</summary>
internal static class CaseChangeCommands
{
    public static Command Advance()
    {
        var id = new Argument<string>("case-id") { Description = "The case's id" };
        var to = EnumOption.Create<CaseStage>("--to", "The next stage (or DROPPED)");
        var note = new Option<string>("--note") { Description = "Why, for the stage history" };
        var suspects = new Option<int?>("--suspects") { Description = "Suspects detained so far (unset: unchanged)" };
        var version = new Option<long>("--expected-version") { Description = "Fail with ABORTED unless the case is at this version; default: the version read just before" };
        var command = new Command("advance", "Move a case to its next stage") { id, to, note, suspects, version };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var request = new AdvanceCaseRequest
            {
                CaseId = parse.GetValue(id) ?? "",
                ToStage = parse.GetValue(to),
                Note = parse.GetValue(note) ?? "",
            };
            if (parse.GetValue(suspects) is { } count)
            {
                request.SuspectsDetained = count;
            }

            var client = new CaseService.CaseServiceClient(session.Invoker);
            // The service requires the version last read; without one, relicctl reads it (someone moving it in between still gets ABORTED).
            request.ExpectedVersion = parse.GetValue(version) is > 0 and var given
                ? given
                : (await client.GetCaseAsync(new GetCaseRequest { CaseId = request.CaseId }, deadline: session.Deadline(), cancellationToken: cancellationToken)).Version;
            var moved = await client.AdvanceCaseAsync(request, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await CaseView.PrintAsync(session, moved, [CaseView.Line(moved)]);
        });
        return command;
    }

    public static Command Join()
    {
        var id = new Argument<string>("case-id") { Description = "The case's id" };
        var province = new Option<string>("--province") { Description = "The province joining the case (6-digit code)" };
        var command = new Command("join", "Make a case joint: another province takes part") { id, province };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new CaseService.CaseServiceClient(session.Invoker);
            var joined = await client.JoinCaseAsync(new JoinCaseRequest { CaseId = parse.GetValue(id) ?? "", ProvinceCode = parse.GetValue(province) ?? "" },
                deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await CaseView.PrintAsync(session, joined, [CaseView.Line(joined)]);
        });
        return command;
    }

    public static Command Supervise()
    {
        var id = new Argument<string>("case-id") { Description = "The case's id" };
        var level = EnumOption.Create<Supervision>("--level", "Supervision by a higher level");
        var command = new Command("supervise", "List a case for supervision (national role only)") { id, level };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new CaseService.CaseServiceClient(session.Invoker);
            var supervised = await client.SetSupervisionAsync(new SetSupervisionRequest { CaseId = parse.GetValue(id) ?? "", Supervision = parse.GetValue(level) },
                deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await CaseView.PrintAsync(session, supervised, [CaseView.Line(supervised)]);
        });
        return command;
    }
}
