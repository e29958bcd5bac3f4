using Google.Protobuf.Reflection;

namespace RelicSecurity.Grpc.Server;

/// <summary>The services mapped on this server: reflection lists them, health knows their names.</summary>
public sealed class GrpcServiceRegistry
{
    private readonly Lock _lock = new();
    private readonly List<ServiceDescriptor> _services = [];

    public IReadOnlyList<ServiceDescriptor> Services
    {
        get
        {
            lock (_lock)
            {
                return [.. _services];
            }
        }
    }

    internal void Add(ServiceDescriptor service)
    {
        lock (_lock)
        {
            if (!_services.Any(s => s.FullName == service.FullName))
            {
                _services.Add(service);
            }
        }
    }
}
