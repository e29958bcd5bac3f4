namespace RelicSecurity.Grpc;

/// <summary>Server-wide settings, set with <c>services.AddRelicGrpc(options => ...)</c>.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, in bytes (default 4 MiB); larger → RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent, in bytes (default 4 MiB); larger → RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Compress responses with this algorithm ("gzip") when the client accepts it; null = never.</summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    /// <summary>Put exception type and message in the UNKNOWN status of failed handlers (Development only).</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Interceptors applied to every method of every service, outermost first.</summary>
    public IList<Type> Interceptors { get; } = [];
}

/// <summary>Per-service overrides, set with <c>AddRelicGrpc().AddServiceOptions&lt;TService&gt;(...)</c>.</summary>
public sealed class GrpcServiceOptions<TService>
    where TService : class
{
    public int? MaxReceiveMessageSize { get; set; }

    public int? MaxSendMessageSize { get; set; }

    public string? ResponseCompressionAlgorithm { get; set; }

    /// <summary>Interceptors for this service only, run after the server-wide ones.</summary>
    public IList<Type> Interceptors { get; } = [];
}

public static class InterceptorListExtensions
{
    /// <summary>Adds an interceptor type (created once from DI, constructor injection allowed).</summary>
    public static void Add<TInterceptor>(this IList<Type> interceptors)
        where TInterceptor : class, IServerInterceptor
    {
        ArgumentNullException.ThrowIfNull(interceptors);
        interceptors.Add(typeof(TInterceptor));
    }
}
