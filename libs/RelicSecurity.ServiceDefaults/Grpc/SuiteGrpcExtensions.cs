using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.ServiceDefaults.Grpc;

/// <summary>How every suite service hosts gRPC on Grpc.AspNetCore: the same limits, interceptor, health and reflection.</summary>
public static class SuiteGrpcExtensions
{
    /// <summary>Largest message a call may send or receive (grpc-dotnet's own default, stated so it is a decision).</summary>
    public const int MaxMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// Adds gRPC with the domain-status interceptor on every method, server reflection, and
    /// grpc.health.v1 where each listed service is SERVING only while its dependencies are healthy
    /// and the process is not shutting down; "" (the whole server) covers every check. Adds the suite's
    /// JWT authentication and policies too (<see cref="SuiteAuthenticationExtensions.AddSuiteAuthentication"/>):
    /// no suite service runs without them.
    /// </summary>
    public static IGrpcServerBuilder AddSuiteGrpc(this IHostApplicationBuilder builder, params GrpcServiceReadiness[] readiness)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(readiness);
        builder.AddSuiteAuthentication();
        var services = builder.Services;
        var grpc = services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxMessageSize;
            options.MaxSendMessageSize = MaxMessageSize;
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
            options.Interceptors.Add<DomainStatusInterceptor>();
        });
        services.AddGrpcReflection();

        services.AddHealthChecks().AddCheck<ShutdownHealthCheck>(ShutdownHealthCheck.Name);
        services.AddGrpcHealthChecks(options =>
        {
            options.Services.Clear();
            options.Services.Map("", _ => true);
            foreach (var service in readiness)
            {
                var names = new HashSet<string>(service.DependsOn, StringComparer.Ordinal) { ShutdownHealthCheck.Name };
                options.Services.Map(service.ServiceName, check => names.Contains(check.Name));
            }
        });
        // Watchers hear a change within seconds, not after the default 30 s publishing period.
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.FromSeconds(1);
            options.Period = TimeSpan.FromSeconds(5);
        });
        return grpc;
    }

    /// <summary>
    /// Maps grpc.health.v1 and server reflection (v1 and v1alpha) for the services mapped in this process,
    /// both open without a token (API.md: probes and tools like grpcurl must work anonymously).
    /// </summary>
    public static WebApplication MapGrpcStandardServices(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }
}
