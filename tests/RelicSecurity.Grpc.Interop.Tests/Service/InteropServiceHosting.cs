using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RelicSecurity.Grpc.Interop.Service;

public static class InteropServiceHosting
{
    /// <summary>Our gRPC layer plus what the interop service needs (its Slow outcome store).</summary>
    public static IServiceCollection AddInteropService(this IServiceCollection services)
    {
        services.AddRelicGrpc();
        services.AddSingleton<SlowCallOutcomes>();
        return services;
    }

    /// <summary>Maps relic.interop.v1.InteropService with health and reflection, as every service of the suite has them.</summary>
    public static IEndpointRouteBuilder MapInteropService(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<InteropServiceImplementation>();
        endpoints.MapGrpcHealthService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
