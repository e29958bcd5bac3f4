using Google.Protobuf;
using RelicSecurity.Grpc.Server;

namespace RelicSecurity.Grpc;

/// <summary>Collects the methods of one service; generated <c>BindService</c> methods call it once per method.</summary>
public sealed class ServiceBinder<TService>
    where TService : class
{
    private readonly Func<IMethod, ResolvedMethodOptions> _options;
    private readonly ServiceActivator<TService> _activator;

    internal ServiceBinder(Func<IMethod, ResolvedMethodOptions> options, IServiceProvider services)
    {
        _options = options;
        _activator = new ServiceActivator<TService>(services);
    }

    internal List<ServerMethodHandler> Handlers { get; } = [];

    public void AddUnaryMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TService, TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        Check(method, MethodType.Unary, handler);
        Handlers.Add(new ServerMethodHandler<TService, TRequest, TResponse>(method, _options(method), _activator, unary: handler));
    }

    public void AddServerStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TService, TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        Check(method, MethodType.ServerStreaming, handler);
        Handlers.Add(new ServerMethodHandler<TService, TRequest, TResponse>(method, _options(method), _activator, serverStreaming: handler));
    }

    public void AddClientStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TService, TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        Check(method, MethodType.ClientStreaming, handler);
        Handlers.Add(new ServerMethodHandler<TService, TRequest, TResponse>(method, _options(method), _activator, clientStreaming: handler));
    }

    public void AddDuplexStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TService, TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        Check(method, MethodType.DuplexStreaming, handler);
        Handlers.Add(new ServerMethodHandler<TService, TRequest, TResponse>(method, _options(method), _activator, duplex: handler));
    }

    private static void Check(IMethod method, MethodType expected, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        if (method.Type != expected)
        {
            throw new ArgumentException($"Method {method.FullName} is {method.Type}, not {expected}.", nameof(method));
        }
    }
}
