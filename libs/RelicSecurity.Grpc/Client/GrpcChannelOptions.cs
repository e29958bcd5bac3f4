namespace RelicSecurity.Grpc;

/// <summary>Settings of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>
    /// The handler to send through. Null: a SocketsHttpHandler with several HTTP/2 connections (more than
    /// 100 concurrent streams), no keep-alive pings, no proxy, no decompression.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    public bool DisposeHttpHandler { get; set; } = true;

    /// <summary>
    /// Adjusts the default SocketsHttpHandler (ignored when <see cref="HttpHandler"/> is set), e.g. TLS
    /// settings: <c>h => h.SslOptions.RemoteCertificateValidationCallback = ...</c>.
    /// </summary>
    public Action<SocketsHttpHandler>? ConfigureHandler { get; set; }

    /// <summary>Largest response message accepted (default 4 MiB); larger → RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest request message sent (null = no client-side limit; the server enforces its own).</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Compress request messages with this algorithm ("gzip"); null = none.</summary>
    public string? SendCompression { get; set; }

    /// <summary>Retry policy for idempotent calls; null disables retries.</summary>
    public RetryPolicy? Retry { get; set; } = new();

    /// <summary>
    /// HTTP/2 keep-alive pings of the default handler; null = none. grpcio closes connections that ping
    /// more often than every 5 minutes ("too many pings"), so smaller values are refused.
    /// </summary>
    public TimeSpan? KeepAlivePingDelay { get; set; }

    /// <summary>Extra user-agent product token, sent before the library's own.</summary>
    public string? UserAgent { get; set; }
}
