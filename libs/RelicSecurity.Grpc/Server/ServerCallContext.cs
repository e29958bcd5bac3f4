using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace RelicSecurity.Grpc;

/// <summary>What a handler (and an interceptor) knows about the call in progress.</summary>
public abstract class ServerCallContext
{
    /// <summary>The request path, e.g. "/relic.sites.v1.SiteService/GetSite".</summary>
    public abstract string Method { get; }

    /// <summary>The method being called: names, type, protoc descriptor (options for authorization rules).</summary>
    public abstract IMethod MethodDefinition { get; }

    public abstract string Host { get; }

    /// <summary>The caller's address, e.g. "ipv4:127.0.0.1:50123".</summary>
    public abstract string Peer { get; }

    /// <summary>The call's deadline in UTC (DateTime.MaxValue when the client set none).</summary>
    public abstract DateTime Deadline { get; }

    /// <summary>Application metadata the client sent (no pseudo-headers, no grpc-* headers).</summary>
    public abstract Metadata RequestHeaders { get; }

    /// <summary>Cancelled when the client cancels, disconnects or the deadline passes.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>Metadata sent with the status at the end of the call.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The status sent when the handler returns normally (OK unless changed).</summary>
    public abstract Status Status { get; set; }

    /// <summary>The authenticated user (HttpContext.User).</summary>
    public abstract ClaimsPrincipal User { get; }

    /// <summary>Per-call state shared between interceptors and the handler.</summary>
    public abstract IDictionary<object, object?> UserState { get; }

    /// <summary>
    /// Compression of response messages ("gzip" or null). Defaults to the configured algorithm when the
    /// client advertised it in grpc-accept-encoding; a handler may change it before its first write.
    /// </summary>
    public abstract string? ResponseCompression { get; set; }

    /// <summary>The request message of a unary or server streaming call once it has been read (for audit).</summary>
    public abstract object? RequestMessage { get; }

    /// <summary>Sends response headers now (at most once, before any message).</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);

    /// <summary>The underlying ASP.NET Core request.</summary>
    public abstract HttpContext GetHttpContext();
}
