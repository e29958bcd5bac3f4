using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Gateway.Routing;
using RelicSecurity.Grpc;
using RelicSecurity.Grpc.Server;

namespace RelicSecurity.Gateway.Extensions;

public static class GatewayExtensions
{
    /// <summary>
    /// Everything the gateway serves at the suite's public address: the proxy to the services, and
    /// its own grpc.health.v1 and server reflection covering the forwarded services.
    /// </summary>
    public static IHostApplicationBuilder AddSuiteGateway(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var forwarded = ProxyConfigFactory.Configured(builder.Configuration, SuiteBackends.All);
        builder.Services.AddSingleton(forwarded);
        builder.AddSuiteProxy(forwarded);
        builder.Services.AddRelicGrpc();
        builder.Services.AddHostedService<BackendHealthMonitor>();
        return builder;
    }

    public static WebApplication MapSuiteGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var registry = app.Services.GetRequiredService<GrpcServiceRegistry>();
        foreach (var service in app.Services.GetRequiredService<IReadOnlyList<ForwardedBackend>>().SelectMany(b => b.Backend.Services))
        {
            registry.AddForwarded(service);
        }

        app.MapGrpcHealthService();
        app.MapGrpcReflectionService();
        return app.MapSuiteProxy();
    }

    /// <summary>Adds the reverse proxy with a route per forwarded service to its backend (h2c, HTTP/2 exact).</summary>
    public static IHostApplicationBuilder AddSuiteProxy(this IHostApplicationBuilder builder, IReadOnlyList<ForwardedBackend> forwarded)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (routes, clusters) = ProxyConfigFactory.Build(forwarded);
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters).AddTransforms(StreamingResponseHeaders.AddTo);
        return builder;
    }

    /// <summary>Maps the proxy; backend failures before headers come back as gRPC UNAVAILABLE, not HTTP 502.</summary>
    public static WebApplication MapSuiteProxy(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RelicSecurity.Gateway.Proxy");
        app.MapReverseProxy(proxy => proxy.Use((context, next) => GrpcProxyFailures.HandleAsync(context, next, logger)));
        return app;
    }
}
