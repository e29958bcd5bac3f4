using Grpc.Core;

namespace RelicSecurity.ServiceDefaults.Security;

public static class CallerContextExtensions
{
    /// <summary>The authenticated caller of a gRPC call (its token's sub, role, province and scopes).</summary>
    public static Caller Caller(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Security.Caller.From(context.GetHttpContext().User);
    }
}
