using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RelicSecurity.Grpc;

public static class KestrelGrpcExtensions
{
    /// <summary>
    /// Listens for gRPC on 127.0.0.1:<paramref name="port"/> (0 = any free port). Cleartext endpoints must be
    /// HTTP/2 only: Http1AndHttp2 without TLS serves HTTP/1.1 and breaks every gRPC client.
    /// </summary>
    public static void ListenGrpcLoopback(this KestrelServerOptions options, int port, Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            configure?.Invoke(listen);
        });
    }
}
