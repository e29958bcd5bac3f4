using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RelicSecurity.Grpc.Server;

/// <summary>
/// Creates the service instance for a call: the DI registration when there is one, otherwise a new
/// instance per call with constructor injection from the request scope (factory compiled once).
/// </summary>
internal sealed class ServiceActivator<TService>
    where TService : class
{
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);

    public (TService Service, bool Created) Create(HttpContext http)
    {
        var services = http.RequestServices;
        if (services.GetService(typeof(TService)) is TService registered)
        {
            return (registered, false);
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
}
