using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.Grpc;
using RelicSecurity.Sites.Domain;
using RelicSecurity.Sites.Validation;

namespace RelicSecurity.Sites.Grpc;

/// <summary>
/// Turns SiteService's domain failures into API.md's statuses, in one place on the interceptor
/// pipeline: bad fields → INVALID_ARGUMENT, unknown id → NOT_FOUND, stale version → ABORTED,
/// database unreachable → UNAVAILABLE (safe to retry).
/// </summary>
public sealed partial class SiteStatusInterceptor(ILogger<SiteStatusInterceptor> logger) : IServerInterceptor
{
    public async ValueTask InterceptAsync(ServerCallContext context, ServerCallContinuation next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (RequestValidationException ex)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }
        catch (SiteNotFoundException ex)
        {
            throw new RpcException(new Status(StatusCode.NotFound, ex.Message));
        }
        catch (VersionConflictException ex)
        {
            throw new RpcException(new Status(StatusCode.Aborted, ex.Message));
        }
        catch (NpgsqlException ex) when (ex.IsTransient)
        {
            LogDatabaseUnavailable(logger, context.Method, ex);
            throw new RpcException(new Status(StatusCode.Unavailable, "the sites database is unavailable; retry later"));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method}: sites database unavailable")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, Exception exception);
}
