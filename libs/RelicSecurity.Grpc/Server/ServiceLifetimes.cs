using Microsoft.Extensions.DependencyInjection;

namespace RelicSecurity.Grpc.Server;

/// <summary>
/// The application's service registrations, kept by AddRelicGrpc so that mapping can tell whether a
/// gRPC service needs the request's DI scope at all: a service whose dependencies are all singletons
/// is built from the root provider, which spares creating (and disposing) a scope on every call.
/// </summary>
internal sealed class ServiceLifetimes(IServiceCollection services)
{
    public ServiceLifetime? LifetimeOf(Type type)
    {
        var found = Find(type);
        if (found is null && type.IsConstructedGenericType)
        {
            found = Find(type.GetGenericTypeDefinition());
        }

        return found;
    }

    public bool IsRegistered(Type type) => LifetimeOf(type) is not null;

    private ServiceLifetime? Find(Type type)
    {
        // The last registration wins, as in the container.
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (!descriptor.IsKeyedService && descriptor.ServiceType == type)
            {
                return descriptor.Lifetime;
            }
        }

        return null;
    }
}
