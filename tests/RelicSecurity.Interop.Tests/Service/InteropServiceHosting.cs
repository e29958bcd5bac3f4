using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.Interop.V1;
using RelicSecurity.ServiceDefaults;
using RelicSecurity.ServiceDefaults.Grpc;

namespace RelicSecurity.Interop.Service;

public static class InteropServiceHosting
{
    /// <summary>
    /// relic.interop.v1.InteropService the way every suite service is hosted: the suite's defaults
    /// (HTTP/2 listeners, health checks), Grpc.AspNetCore with the suite's limits and interceptor, and
    /// grpc.health.v1 where the service is SERVING until shutdown begins.
    /// </summary>
    public static IHostApplicationBuilder AddInteropService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        builder.AddSuiteGrpc(new GrpcServiceReadiness(InteropService.Descriptor.FullName));
        builder.Services.AddSingleton<SlowCallOutcomes>();
        return builder;
    }

    /// <summary>Maps the interop service with health and reflection (v1, v1alpha), as every suite service has them.</summary>
    public static WebApplication MapInteropService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapDefaultEndpoints();
        app.MapGrpcService<InteropServiceImplementation>();
        app.MapGrpcStandardServices();
        return app;
    }
}
