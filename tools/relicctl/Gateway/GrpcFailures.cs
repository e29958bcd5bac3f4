using Grpc.Core;

namespace RelicSecurity.Cli.Gateway;

/// <summary>What a failed call means for the person at the terminal, and what to do next.</summary>
public static class GrpcFailures
{
    public static string Describe(RpcException failure, GatewaySession session)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(session);
        var detail = failure.Status.Detail;
        return failure.StatusCode switch
        {
            StatusCode.InvalidArgument => "The request was refused as invalid:" + Fields(detail),
            StatusCode.OutOfRange => $"A value is out of range: {detail}",
            StatusCode.FailedPrecondition => $"Not allowed in the record's current state: {detail}",
            StatusCode.NotFound => $"Not found: {detail} (it does not exist, or it lies outside what your token may see).",
            StatusCode.AlreadyExists => $"Already exists: {detail}",
            StatusCode.Aborted => $"Someone changed it meanwhile: {detail}. Read it again and retry with its current version.",
            StatusCode.Unauthenticated =>
                $"Not signed in: {detail}. Pass --token or set RELIC_TOKEN (print a local one with `relicctl token`).",
            StatusCode.PermissionDenied => $"Your token may not do this (role, scope or province): {detail}",
            StatusCode.ResourceExhausted => $"A limit was reached: {detail}. Ask for less, or try again later.",
            StatusCode.Unavailable =>
                $"The suite is not reachable at {session.Address}: {detail}. Is it running (scripts/run.sh)? Safe to retry.",
            StatusCode.DeadlineExceeded =>
                $"No answer from {session.Address} within {session.Timeout.TotalSeconds:0.#} s (--timeout). A write may have happened: repeat it with the same --request-id, or read before retrying.",
            StatusCode.Cancelled => "Cancelled.",
            StatusCode.Unimplemented => $"The suite at {session.Address} does not offer this call: {detail}",
            _ => $"The server failed ({failure.StatusCode}): {detail}",
        };
    }

    // INVALID_ARGUMENT messages name each bad field, separated by "; ": one line each reads better.
    private static string Fields(string detail) =>
        string.Concat(detail.Replace("invalid request: ", "", StringComparison.Ordinal).Split("; ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(field => Environment.NewLine + "  " + field));
}
