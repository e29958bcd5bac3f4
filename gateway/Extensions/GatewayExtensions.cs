using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Gateway.Routing;

namespace RelicSecurity.Gateway.Extensions;

public static class GatewayExtensions
{
    /// <summary>Adds the reverse proxy with a route per suite service to its backend (h2c, HTTP/2 exact).</summary>
    public static IHostApplicationBuilder AddSuiteProxy(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (routes, clusters) = ProxyConfigFactory.Build(builder.Configuration, SuiteBackends.All);
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
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
