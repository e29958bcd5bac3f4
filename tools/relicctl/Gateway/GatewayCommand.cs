using System.CommandLine;
using Grpc.Core;

namespace RelicSecurity.Cli.Gateway;

/// <summary>
/// Runs a command's gRPC work in a <see cref="GatewaySession"/> and turns a failed call into a sentence for
/// people (stderr) and an exit code for scripts, so no command handles RpcException itself.
/// </summary>
public static class GatewayCommand
{
    public static void SetAction(Command command, Func<ParseResult, GatewaySession, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(action);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var session = GatewaySession.Open(parse);
            try
            {
                return await action(parse, session, cancellationToken);
            }
            catch (RpcException ex)
            {
                await session.Error.WriteLineAsync(GrpcFailures.Describe(ex, session));
                return ExitCodes.For(ex.StatusCode);
            }
            catch (InputException ex)
            {
                await session.Error.WriteLineAsync(ex.Message);
                return ExitCodes.Usage;
            }
        });
    }
}

/// <summary>A command's own input (an option value, a file) is unusable: reported as it is, exit code 2, nothing sent.</summary>
public sealed class InputException(string message) : Exception(message);
