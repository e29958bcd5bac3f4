using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Inspections.V1;

namespace RelicSecurity.Cli.Inspections;

/// <summary><c>relicctl inspections rectify|verify</c>: a finding's rectification order and its verification.</summary>
internal static class RectificationCommands
{
    public static Command Issue()
    {
        var finding = new Argument<string>("finding-id") { Description = "The finding to rectify" };
        var unit = new Option<string>("--unit") { Description = "Responsible unit" };
        var deadline = new Option<string>("--deadline") { Description = "Rectify by (date or date-time)" };
        var requestId = new Option<string>("--request-id") { Description = "Idempotency key; default: a new one" };
        var command = new Command("rectify", "Issue a rectification order for a finding") { finding, unit, deadline, requestId };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new InspectionService.InspectionServiceClient(session.Invoker);
            var order = await client.IssueRectificationAsync(new IssueRectificationRequest
            {
                FindingId = parse.GetValue(finding) ?? "",
                ResponsibleUnit = parse.GetValue(unit) ?? "",
                Deadline = InspectionView.When(parse.GetValue(deadline), "--deadline"),
                RequestId = parse.GetValue(requestId) is { Length: > 0 } key ? key : Guid.NewGuid().ToString(),
            }, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await InspectionView.PrintAsync(session, order, "issued " + InspectionView.Line(order));
        });
        return command;
    }

    public static Command Verify()
    {
        var order = new Argument<string>("order-id") { Description = "The rectification order" };
        var failed = new Option<bool>("--failed") { Description = "The rectification did not pass (the hazard stays open)" };
        var note = new Option<string>("--note") { Description = "What the verification found" };
        var version = new Option<long>("--expected-version") { Description = "Fail with ABORTED unless the order is at this version (0: do not check)" };
        var command = new Command("verify", "Verify a rectification: passed closes the hazard") { order, failed, note, version };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new InspectionService.InspectionServiceClient(session.Invoker);
            var verified = await client.VerifyRectificationAsync(new VerifyRectificationRequest
            {
                OrderId = parse.GetValue(order) ?? "",
                Passed = !parse.GetValue(failed),
                Note = parse.GetValue(note) ?? "",
                ExpectedVersion = parse.GetValue(version),
            }, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await InspectionView.PrintAsync(session, verified, InspectionView.Line(verified));
        });
        return command;
    }
}
