using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RelicSecurity.Grpc.Server;

namespace RelicSecurity.Grpc;

/// <summary>Returned by AddRelicGrpc for further configuration.</summary>
public sealed class RelicGrpcBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Overrides server-wide options for one service (limits, compression, extra interceptors).</summary>
    public RelicGrpcBuilder AddServiceOptions<TService>(Action<GrpcServiceOptions<TService>> configure)
        where TService : class
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Adds an interceptor applied to every method of every service.</summary>
    public RelicGrpcBuilder AddInterceptor<TInterceptor>()
        where TInterceptor : class, IServerInterceptor
    {
        Services.Configure<GrpcServerOptions>(o => o.Interceptors.Add<TInterceptor>());
        return this;
    }
}

public static class RelicGrpcServiceCollectionExtensions
{
    /// <summary>Adds the gRPC server: routing, options, the service registry used by health and reflection.</summary>
    public static RelicGrpcBuilder AddRelicGrpc(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRouting();
        services.AddOptions();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddSingleton(new ServiceLifetimes(services));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Hosting.IStartupFilter, UnimplementedStartupFilter>());
        services.TryAddSingleton<GrpcHealthStatus>();
        services.TryAddSingleton<Reflection.ReflectionIndex>();
        return new RelicGrpcBuilder(services);
    }
}
