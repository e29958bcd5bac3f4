using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.Grpc.Health;
using RelicSecurity.Grpc.Reflection;
using RelicSecurity.Grpc.Server;

namespace RelicSecurity.Grpc;

public static class GrpcStandardServicesExtensions
{
    /// <summary>
    /// Maps grpc.health.v1.Health. Every mapped service (and "") starts SERVING; when the application
    /// starts stopping every status turns NOT_SERVING and Watch streams end.
    /// </summary>
    public static GrpcEndpointConventionBuilder MapGrpcHealthService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var health = endpoints.ServiceProvider.GetRequiredService<GrpcHealthStatus>();
        var lifetime = endpoints.ServiceProvider.GetService<IHostApplicationLifetime>();
        lifetime?.ApplicationStopping.Register(health.EnterShutdown);
        return endpoints.MapGrpcService<HealthGrpcService>();
    }

    /// <summary>Maps server reflection, v1 and v1alpha, built from the mapped services' protoc descriptors.</summary>
    public static GrpcEndpointConventionBuilder MapGrpcReflectionService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var v1 = endpoints.MapGrpcService<ReflectionV1Service>();
        var v1Alpha = endpoints.MapGrpcService<ReflectionV1AlphaService>();
        return new GrpcEndpointConventionBuilder([v1, v1Alpha]);
    }

    /// <summary>Lets ASP.NET health checks drive gRPC health statuses (on the health check publisher's schedule).</summary>
    public static RelicGrpcBuilder AddHealthChecksPublisher(this RelicGrpcBuilder builder, Action<GrpcHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.AddSingleton<Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheckPublisher, GrpcHealthCheckPublisher>();
        return builder;
    }
}
