using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.ServiceDefaults.Messaging;

using RelicSecurity.Testing;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

/// <summary>An in-process service host with the event backbone, configured for quick tests.</summary>
public static class BackboneHost
{
    public const string DatabaseName = "test-db";

    /// <summary>Short timeouts and retries so failures show up within a test's patience.</summary>
    public static Dictionary<string, string?> QuickSettings(string database, string eventBus) => new()
    {
        [$"ConnectionStrings:{DatabaseName}"] = database,
        ["ConnectionStrings:eventbus"] = eventBus,
        ["EventBackbone:PublishTimeout"] = "00:00:02",
        ["EventBackbone:RelayMaxBackoff"] = "00:00:01",
        ["EventBackbone:RetryLimit"] = "2",
        ["EventBackbone:RetryMinInterval"] = "00:00:00.050",
        ["EventBackbone:RetryMaxInterval"] = "00:00:00.200",
        ["EventBackbone:RetryIntervalDelta"] = "00:00:00.050",
    };

    public static async Task<IHost> StartAsync(string serviceName, IDictionary<string, string?> settings,
        Action<IBusRegistrationConfigurator>? consumers = null, Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        configure?.Invoke(builder);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Connection warnings are the point of the kill tests; faults (Error) still show.
        builder.Logging.AddFilter("MassTransit", LogLevel.Error);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEventBackbone(serviceName, DatabaseName, consumers);
        var host = builder.Build();
        var dataSource = host.Services.GetRequiredService<MessagingDatabase>().DataSource;
        await OutboxSchema.EnsureCreatedAsync(dataSource);
        await using (var command = dataSource.CreateCommand(ThingHappenedConsumer.Sql + TestWorker.TestTables.Sql))
        {
            await command.ExecuteNonQueryAsync();
        }

        await host.StartAsync();
        return host;
    }

    /// <summary>Waits until the service's consumer queues are bound (events published before that would be routed nowhere).</summary>
    public static Task WaitForEndpointsAsync(string database, int count) =>
        Eventually.HoldsAsync(async () => await Sql.CountAsync(database, "SELECT count(*) FROM messaging.endpoints") >= count,
            TimeSpan.FromSeconds(60), () => Task.FromResult("consumer endpoints not ready"));
}
