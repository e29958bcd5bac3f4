using Grpc.Core;
using Grpc.Core.Interceptors;

namespace RelicSecurity.ServiceDefaults.Grpc;

/// <summary>
/// Gives every outgoing unary or client-streaming call a deadline when its caller set none, so a
/// hung dependency costs a bounded wait, never a thread for ever. Server-streaming and duplex calls
/// (watches) are long by design and keep the deadline their caller chose, if any.
/// </summary>
public sealed class DefaultDeadlineInterceptor(TimeProvider time, TimeSpan timeout) : Interceptor
{
    public TimeSpan Timeout { get; } = timeout;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, WithDeadline(context));
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, WithDeadline(context));
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(WithDeadline(context));
    }

    private ClientInterceptorContext<TRequest, TResponse> WithDeadline<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        if (context.Options.Deadline is not null)
        {
            return context;
        }

        var options = context.Options.WithDeadline(time.GetUtcNow().UtcDateTime + Timeout);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options);
    }
}
