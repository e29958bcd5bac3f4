using System.CommandLine;
using Google.Protobuf;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Cases.V1;

namespace RelicSecurity.Cli.Cases;

/// <summary><c>get ID</c> on the cases service (a case, a relic): one record read by its id and shown with its details.</summary>
internal static class CaseGetCommand
{
    public static Command Create<T>(string idName, string idDescription, string description,
        Func<CaseService.CaseServiceClient, string, GatewaySession, CancellationToken, Task<T>> read, Func<T, IEnumerable<string>> details)
        where T : IMessage
    {
        var id = new Argument<string>(idName) { Description = idDescription };
        var command = new Command("get", description) { id };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var found = await read(new CaseService.CaseServiceClient(session.Invoker), parse.GetValue(id) ?? "", session, cancellationToken);
            return await CaseView.PrintAsync(session, found, details(found));
        });
        return command;
    }
}
