using Grpc.Core;

namespace RelicSecurity.Sites.Grpc;

/// <summary>
/// Who is calling, for request_id idempotency (unique per caller). The token's subject once
/// authentication is added at the interception point; until then every caller is "anonymous".
/// </summary>
public static class CallerIdentity
{
    public const string Anonymous = "anonymous";

    public static string Of(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.FindFirst("sub")?.Value is { Length: > 0 } subject
            ? subject
            : Anonymous;
    }
}
