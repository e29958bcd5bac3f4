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

    /// <summary>
    /// Lists a service this endpoint answers for without mapping it here — one a gateway forwards to a
    /// backend — so reflection lists it and its descriptors can be fetched.
    /// </summary>
    public void AddForwarded(ServiceDescriptor service)
    {
        ArgumentNullException.ThrowIfNull(service);
        Add(service);
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
