using Grpc.HealthCheck;
using Grpc.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Gateway.Dashboard;
using RelicSecurity.Gateway.Limits;
using RelicSecurity.Gateway.Routing;
using RelicSecurity.Gateway.Status;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Gateway.Extensions;

public static class GatewayExtensions
{
    /// <summary>
    /// Everything the gateway serves at the suite's public address: the proxy to the services, and
    /// its own grpc.health.v1 and server reflection (v1 and v1alpha) covering the forwarded services.
    /// Every forwarded call needs a valid token here already (the fallback policy of the suite's
    /// authentication), and its Authorization header goes on to the service, which checks it again.
    /// </summary>
    public static IHostApplicationBuilder AddSuiteGateway(this IHostApplicationBuilder builder) =>
        builder.AddSuiteGateway(SuiteBackends.All);

    /// <summary>
    /// The gateway for a given set of backends (each forwarded once its address is configured): the
    /// interop tests put a test service behind the real gateway this way, beside the suite's own.
    /// </summary>
    public static IHostApplicationBuilder AddSuiteGateway(this IHostApplicationBuilder builder, IEnumerable<SuiteBackend> backends)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSuiteAuthentication();
        builder.AddCallerRateLimits();
        var forwarded = ProxyConfigFactory.Configured(builder.Configuration, backends);
        builder.Services.AddSingleton(forwarded);
        builder.AddSuiteProxy(forwarded);

        // Reflection answers from the forwarded services' descriptors (plus its own and health's), since
        // those services are not mapped in this process; grpc-dotnet's reflection would list only local ones.
        var described = forwarded.SelectMany(b => b.Backend.Services)
            .Concat(StatusServiceExtensions.StatusConfigured(builder.Configuration) ? [RelicSecurity.Contracts.Status.V1.StatusService.Descriptor] : [])
            .Append(Grpc.Health.V1.Health.Descriptor)
            .Append(Grpc.Reflection.V1.ServerReflection.Descriptor)
            .Append(Grpc.Reflection.V1Alpha.ServerReflection.Descriptor)
            .ToList();
        // Calls to the forwarded services are YARP's: without this, grpc-dotnet's catch-all route would
        // answer them UNIMPLEMENTED because no such service is mapped in this process.
        builder.Services.AddGrpc(options => options.IgnoreUnknownServices = true);
        builder.Services.AddSingleton(new ReflectionServiceImpl(described));
        builder.Services.AddSingleton(new ReflectionV1ServiceImpl(described));
        builder.Services.AddSingleton<HealthServiceImpl>();
        builder.Services.AddHostedService<BackendHealthMonitor>();
        if (StatusServiceExtensions.StatusConfigured(builder.Configuration))
        {
            builder.AddStatusService();
            if (DashboardExtensions.DashboardConfigured(builder.Configuration))
            {
                builder.AddNationalDashboard();
            }
        }

        return builder;
    }

    public static WebApplication MapSuiteGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Health and reflection answer without a token (API.md); everything else is authenticated.
        app.MapGrpcService<HealthServiceImpl>().AllowAnonymous();
        app.MapGrpcService<ReflectionServiceImpl>().AllowAnonymous();
        app.MapGrpcService<ReflectionV1ServiceImpl>().AllowAnonymous();
        // After authentication and authorization (added first by WebApplication), so a caller is its token's
        // subject and calls without a valid token are refused before they cost a permit.
        app.UseRateLimiter();

        if (StatusServiceExtensions.StatusConfigured(app.Configuration))
        {
            app.MapStatusService();
            if (DashboardExtensions.DashboardConfigured(app.Configuration))
            {
                app.MapNationalDashboard();
            }
        }

        return app.MapSuiteProxy();
    }

    /// <summary>
    /// Adds the reverse proxy with a route per forwarded service to its backend, HTTP/2 exact: h2c to an http://
    /// address (loopback, the app host), h2 over TLS (ALPN) to an https:// one.
    /// </summary>
    public static IHostApplicationBuilder AddSuiteProxy(this IHostApplicationBuilder builder, IReadOnlyList<ForwardedBackend> forwarded)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (routes, clusters) = ProxyConfigFactory.Build(forwarded);
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters).AddTransforms(StreamingResponseHeaders.AddTo)
            // Backends at https:// addresses: their certificates are checked against Tls:TrustedCertificatesPath if set.
            .ConfigureHttpClient((_, handler) => handler.TrustingSuiteCertificates(builder.Configuration));
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
