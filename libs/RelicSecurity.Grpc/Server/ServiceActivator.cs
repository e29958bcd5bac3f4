using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RelicSecurity.Grpc.Server;

/// <summary>
/// Creates the service instance for a call: the DI registration when there is one (resolved from the
/// request scope), otherwise a new instance per call with constructor injection (factory compiled once).
/// A service whose constructor needs nothing is created without touching the request scope, which
/// saves creating a DI scope per call on the hot path.
/// </summary>
internal sealed class ServiceActivator<TService>
    where TService : class
{
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);
    private readonly bool _registered;
    private readonly bool _needsServices;
    private readonly IServiceProvider _root;

    public ServiceActivator(IServiceProvider root)
    {
        _root = root;
        _registered = root.GetService<IServiceProviderIsService>()?.IsService(typeof(TService)) ?? true;
        _needsServices = typeof(TService).GetConstructors().All(c => c.GetParameters().Length > 0);
    }

    public (TService Service, bool Created) Create(HttpContext http)
    {
        if (_registered)
        {
            return ((TService)http.RequestServices.GetRequiredService(typeof(TService)), false);
        }

        var services = _needsServices ? http.RequestServices : _root;
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
}
