namespace RelicSecurity.Grpc;

/// <summary>Invokes a unary method on a service instance (generated code supplies one per method).</summary>
public delegate Task<TResponse> UnaryServerMethod<in TService, in TRequest, TResponse>(TService service, TRequest request, ServerCallContext context);

/// <summary>Invokes a server streaming method on a service instance.</summary>
public delegate Task ServerStreamingServerMethod<in TService, in TRequest, TResponse>(TService service, TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);

/// <summary>Invokes a client streaming method on a service instance.</summary>
public delegate Task<TResponse> ClientStreamingServerMethod<in TService, TRequest, TResponse>(TService service, IAsyncStreamReader<TRequest> requestStream, ServerCallContext context);

/// <summary>Invokes a bidirectional streaming method on a service instance.</summary>
public delegate Task DuplexStreamingServerMethod<in TService, TRequest, TResponse>(TService service, IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);

/// <summary>The rest of the call after an interceptor: the next interceptor or, last, the method itself.</summary>
public delegate ValueTask ServerCallContinuation(ServerCallContext context);
