namespace RelicSecurity.Grpc;

/// <summary>
/// The one interception point of the server: every call of every mapped method passes through the
/// registered interceptors, in registration order, before the request is read. An interceptor can reject
/// the call (throw <see cref="RpcException"/>), observe its outcome (await <c>next</c>, catch exceptions)
/// or add trailers. Use it for authentication, authorization, audit, logging and metrics.
/// Interceptors are created once (singletons) when services are mapped.
/// </summary>
public interface IServerInterceptor
{
    ValueTask InterceptAsync(ServerCallContext context, ServerCallContinuation next);
}
