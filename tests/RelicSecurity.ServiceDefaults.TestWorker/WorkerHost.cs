using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.ServiceDefaults.TestWorker;

/// <summary>Builds the worker's host; the tests build the same host in-process for the producer side.</summary>
public static class WorkerHost
{
    public const string DatabaseConnectionName = "worker-db";

    public static HostApplicationBuilder CreateBuilder(string serviceName, bool consume,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddEventBackbone(serviceName, DatabaseConnectionName, bus =>
        {
            if (consume)
            {
                bus.AddConsumer<RecordCreatedConsumer>();
            }
        });
        return builder;
    }
}
