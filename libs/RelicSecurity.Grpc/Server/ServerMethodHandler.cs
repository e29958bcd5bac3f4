using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace RelicSecurity.Grpc.Server;

/// <summary>Everything the endpoint of one method needs; one instance per mapped method.</summary>
internal abstract class ServerMethodHandler(IMethod method, ResolvedMethodOptions options)
{
    private ServerCallContinuation? _pipeline;

    public IMethod Method { get; } = method;

    public ResolvedMethodOptions Options { get; } = options;

    /// <summary>Wraps the method in the interceptors once, outermost first.</summary>
    public void BuildPipeline(IReadOnlyList<IServerInterceptor> interceptors)
    {
        ServerCallContinuation next = InvokeAsync;
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var interceptor = interceptors[i];
            var inner = next;
            next = context => interceptor.InterceptAsync(context, inner);
        }

        _pipeline = next;
        Direct = interceptors.Count == 0;
    }

    /// <summary>No interceptors: the call may take a flattened path.</summary>
    protected bool Direct { get; private set; }

    /// <summary>The endpoint's request delegate.</summary>
    public virtual Task HandleCallAsync(HttpContext http) => HandleWithPipelineAsync(http);

    protected async Task HandleWithPipelineAsync(HttpContext http)
    {
        if (!ServerResponses.CheckRequest(http))
        {
            return;
        }

        var call = new HttpServerCallContext(http, Method, Options);
        try
        {
            call.Initialize();
            await _pipeline!(call).ConfigureAwait(false);
            await call.EndCallAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await call.EndCallWithErrorAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            await call.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected abstract ValueTask InvokeAsync(ServerCallContext context);
}

internal sealed class ServerMethodHandler<TService, TRequest, TResponse> : ServerMethodHandler
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Method<TRequest, TResponse> _method;
    private readonly ServiceActivator<TService> _activator;
    private readonly UnaryServerMethod<TService, TRequest, TResponse>? _unary;
    private readonly ServerStreamingServerMethod<TService, TRequest, TResponse>? _serverStreaming;
    private readonly ClientStreamingServerMethod<TService, TRequest, TResponse>? _clientStreaming;
    private readonly DuplexStreamingServerMethod<TService, TRequest, TResponse>? _duplex;

    public ServerMethodHandler(
        Method<TRequest, TResponse> method,
        ResolvedMethodOptions options,
        ServiceActivator<TService> activator,
        UnaryServerMethod<TService, TRequest, TResponse>? unary = null,
        ServerStreamingServerMethod<TService, TRequest, TResponse>? serverStreaming = null,
        ClientStreamingServerMethod<TService, TRequest, TResponse>? clientStreaming = null,
        DuplexStreamingServerMethod<TService, TRequest, TResponse>? duplex = null)
        : base(method, options)
    {
        _method = method;
        _activator = activator;
        _unary = unary;
        _serverStreaming = serverStreaming;
        _clientStreaming = clientStreaming;
        _duplex = duplex;
    }

    public override Task HandleCallAsync(HttpContext http) => (Direct, _method.Type) switch
    {
        (true, MethodType.Unary) => HandleUnaryDirectAsync(http),
        (true, MethodType.ServerStreaming) => HandleServerStreamingDirectAsync(http),
        _ => HandleWithPipelineAsync(http),
    };

    /// <summary>
    /// The hot path: a unary call without interceptors in one async method (one state machine instead of
    /// one per layer), reading the request straight from the body pipe.
    /// </summary>
    private async Task HandleUnaryDirectAsync(HttpContext http)
    {
        if (!ServerResponses.CheckRequest(http))
        {
            return;
        }

        var call = new HttpServerCallContext(http, Method, Options);
        try
        {
            call.Initialize();
            var request = await call.ReadSingleMessageAsync(_method.RequestParser).ConfigureAwait(false);
            var (service, created) = _activator.Create(http);
            try
            {
                var response = await _unary!(service, request, call).ConfigureAwait(false);
                await call.WriteMessageAsync(response, flush: false, call.CancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await ServiceActivator<TService>.ReleaseAsync(service, created).ConfigureAwait(false);
            }

            await call.EndCallAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await call.EndCallWithErrorAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            await call.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Server streaming without interceptors, flattened the same way as <see cref="HandleUnaryDirectAsync"/>.</summary>
    private async Task HandleServerStreamingDirectAsync(HttpContext http)
    {
        if (!ServerResponses.CheckRequest(http))
        {
            return;
        }

        var call = new HttpServerCallContext(http, Method, Options);
        try
        {
            call.Initialize();
            var request = await call.ReadSingleMessageAsync(_method.RequestParser).ConfigureAwait(false);
            var (service, created) = _activator.Create(http);
            try
            {
                await _serverStreaming!(service, request, new HttpResponseStreamWriter<TResponse>(call), call).ConfigureAwait(false);
            }
            finally
            {
                await ServiceActivator<TService>.ReleaseAsync(service, created).ConfigureAwait(false);
            }

            await call.EndCallAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await call.EndCallWithErrorAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            await call.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected override async ValueTask InvokeAsync(ServerCallContext context)
    {
        var call = (HttpServerCallContext)context;
        switch (_method.Type)
        {
            case MethodType.Unary:
            {
                var request = await call.ReadSingleMessageAsync(_method.RequestParser).ConfigureAwait(false);
                var (service, created) = _activator.Create(call.GetHttpContext());
                try
                {
                    var response = await _unary!(service, request, call).ConfigureAwait(false);
                    await call.WriteMessageAsync(response, flush: false, call.CancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await ServiceActivator<TService>.ReleaseAsync(service, created).ConfigureAwait(false);
                }

                break;
            }

            case MethodType.ServerStreaming:
            {
                var request = await call.ReadSingleMessageAsync(_method.RequestParser).ConfigureAwait(false);
                var (service, created) = _activator.Create(call.GetHttpContext());
                try
                {
                    await _serverStreaming!(service, request, new HttpResponseStreamWriter<TResponse>(call), call).ConfigureAwait(false);
                }
                finally
                {
                    await ServiceActivator<TService>.ReleaseAsync(service, created).ConfigureAwait(false);
                }

                break;
            }

            case MethodType.ClientStreaming:
            {
                var (service, created) = _activator.Create(call.GetHttpContext());
                try
                {
                    var reader = new HttpRequestStreamReader<TRequest>(call, _method.RequestParser);
                    var response = await _clientStreaming!(service, reader, call).ConfigureAwait(false);
                    await call.WriteMessageAsync(response, flush: false, call.CancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await ServiceActivator<TService>.ReleaseAsync(service, created).ConfigureAwait(false);
                }

                break;
            }

            default:
            {
                var (service, created) = _activator.Create(call.GetHttpContext());
                try
                {
                    var reader = new HttpRequestStreamReader<TRequest>(call, _method.RequestParser);
                    await _duplex!(service, reader, new HttpResponseStreamWriter<TResponse>(call), call).ConfigureAwait(false);
                }
                finally
                {
                    await ServiceActivator<TService>.ReleaseAsync(service, created).ConfigureAwait(false);
                }

                break;
            }
        }
    }
}
