using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using RelicSecurity.Grpc.Client;
using RelicSecurity.Grpc.Internal;

namespace RelicSecurity.Grpc;

/// <summary>
/// A connection pool to one gRPC server (h2c for http://, TLS for https://) over HttpMessageInvoker.
/// Thread-safe; create one per server and share it between typed clients.
/// </summary>
public sealed class GrpcChannel : CallInvoker, IDisposable
{
    private static readonly TimeSpan MinKeepAlivePing = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposal = new();

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        Options = options;
        if (options.SendCompression is not null and not GrpcProtocol.GzipEncoding and not GrpcProtocol.IdentityEncoding)
        {
            throw new ArgumentException($"Unsupported send compression '{options.SendCompression}'; use gzip.", nameof(options));
        }

        SendGzip = options.SendCompression == GrpcProtocol.GzipEncoding;
        var handler = options.HttpHandler ?? CreateDefaultHandler(options);
        // HttpMessageInvoker, not HttpClient: no 100 s Timeout to cut streams, no response buffering.
        DisposalToken = _disposal.Token;
        Invoker = new HttpMessageInvoker(handler, options.HttpHandler is null || options.DisposeHttpHandler);
        UserAgent = (options.UserAgent is null ? "" : options.UserAgent + " ") + "grpc-relicsecurity/1.0";
    }

    public Uri Address { get; }

    internal GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    /// <summary>Fires when the channel is disposed, so its open calls reset their streams.</summary>
    internal CancellationToken DisposalToken { get; }

    internal bool SendGzip { get; }

    internal string UserAgent { get; }

    /// <summary>Creates a channel to "http://host:port" (h2c) or "https://host:port" (TLS, ALPN h2).</summary>
    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        return ForAddress(new Uri(address, UriKind.Absolute), options);
    }

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Address '{address}' must use http (h2c) or https.", nameof(address));
        }

        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    private static SocketsHttpHandler CreateDefaultHandler(GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // Kestrel (and most servers) allow 100 streams per connection; more calls open more connections.
            EnableMultipleHttp2Connections = true,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingDelay = Timeout.InfiniteTimeSpan,
        };

        if (options.KeepAlivePingDelay is { } delay)
        {
            if (delay < MinKeepAlivePing)
            {
                throw new ArgumentException("KeepAlivePingDelay must be at least 5 minutes (grpc servers reject faster pings).", nameof(options));
            }

            handler.KeepAlivePingDelay = delay;
            handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests;
        }

        options.ConfigureHandler?.Invoke(handler);
        return handler;
    }

    internal Uri GetUri(IMethod method) => _uris.GetOrAdd(method.FullName, static (path, address) =>
    {
        var basePath = address.AbsolutePath.TrimEnd('/');
        return new UriBuilder(address) { Path = basePath + path }.Uri;
    }, Address);

    internal static readonly MediaTypeHeaderValue ContentTypeHeader = new(GrpcProtocol.ContentType);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        return new AsyncUnaryCall<TResponse>(call.UnaryAsync(request), call);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        call.StartServerStreaming(request);
        return new AsyncServerStreamingCall<TResponse>(call, call);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options)
    {
        ArgumentNullException.ThrowIfNull(method);
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        call.StartRequestStreaming();
        return new AsyncClientStreamingCall<TRequest, TResponse>(call, call.ClientStreamingResponseAsync(), call);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options)
    {
        ArgumentNullException.ThrowIfNull(method);
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        call.StartRequestStreaming();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call, call, call);
    }

    /// <summary>
    /// Cancels the open calls first: the handler keeps an HTTP/2 connection alive while it has active
    /// streams, so disposing it alone would leave their server handlers running.
    /// </summary>
    public void Dispose()
    {
        if (_disposal.IsCancellationRequested)
        {
            return;
        }

        _disposal.Cancel();
        Invoker.Dispose();
    }
}
