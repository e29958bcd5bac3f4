using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.ServiceDefaults.Grpc;

/// <summary>
/// The one place where a service's domain failures become gRPC statuses, for every call type:
/// <see cref="DomainException"/> → the status of its <see cref="FailureKind"/>, a transient database
/// failure → UNAVAILABLE (safe to retry). Anything else is left to grpc-dotnet, which answers UNKNOWN
/// without leaking details outside Development.
/// </summary>
public sealed partial class DomainStatusInterceptor(ILogger<DomainStatusInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ToStatus(ex, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ToStatus(ex, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ToStatus(ex, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ToStatus(ex, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    /// <summary>The status for a failure this interceptor knows, or null to let it pass unchanged.</summary>
    private Status? ToStatus(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case DomainException domain:
                return new Status(ToStatusCode(domain.Kind), domain.Message);
            case NpgsqlException database when database.IsTransient:
                LogDatabaseUnavailable(logger, context.Method, database);
                return new Status(StatusCode.Unavailable, "the service's database is unavailable; retry later");
            default:
                return null;
        }
    }

    public static StatusCode ToStatusCode(FailureKind kind) => kind switch
    {
        FailureKind.InvalidArgument => StatusCode.InvalidArgument,
        FailureKind.NotFound => StatusCode.NotFound,
        FailureKind.Conflict => StatusCode.Aborted,
        FailureKind.FailedPrecondition => StatusCode.FailedPrecondition,
        FailureKind.PermissionDenied => StatusCode.PermissionDenied,
        FailureKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method}: database unavailable")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, Exception exception);
}
