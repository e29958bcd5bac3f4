using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RelicSecurity.Grpc.Server;

/// <summary>
/// Creates the service instance for a call: the DI registration when there is one, otherwise a new
/// instance per call with constructor injection (factory compiled once). When nothing the service needs
/// lives in a request scope (no dependencies, or only singletons), the root provider is used, so no DI
/// scope is created per call on the hot path.
/// </summary>
internal sealed class ServiceActivator<TService>
    where TService : class
{
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);
    private readonly bool _registered;
    private readonly bool _rootIsEnough;
    private readonly IServiceProvider _root;

    public ServiceActivator(IServiceProvider root)
    {
        _root = root;
        var lifetimes = root.GetService<ServiceLifetimes>();
        _registered = root.GetService<IServiceProviderIsService>()?.IsService(typeof(TService)) ?? true;
        _rootIsEnough = lifetimes is not null && (_registered
            ? lifetimes.LifetimeOf(typeof(TService)) == ServiceLifetime.Singleton
            : typeof(TService).GetConstructors().All(c => c.GetParameters().All(p => IsRootSafe(p, lifetimes))));
    }

    public (TService Service, bool Created) Create(HttpContext http)
    {
        var services = _rootIsEnough ? _root : http.RequestServices;
        if (_registered)
        {
            return ((TService)services.GetRequiredService(typeof(TService)), false);
        }

        return ((TService)_factory(services, null), true);
    }

    public static ValueTask ReleaseAsync(TService service, bool created)
    {
        if (!created)
        {
            return ValueTask.CompletedTask;
        }

        if (service is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        (service as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A singleton, or an optional parameter nobody registered (its default is used either way).</summary>
    private static bool IsRootSafe(ParameterInfo parameter, ServiceLifetimes lifetimes) =>
        lifetimes.LifetimeOf(parameter.ParameterType) switch
        {
            ServiceLifetime.Singleton => parameter.ParameterType != typeof(IServiceProvider),
            null => parameter.HasDefaultValue,
            _ => false,
        };
}
