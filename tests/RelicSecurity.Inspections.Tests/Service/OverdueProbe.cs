using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.Testing;

namespace RelicSecurity.Inspections.Tests.Service;

/// <summary>
/// A consumer of RectificationOverdue on its own queue of the test run's RabbitMQ: it keeps every delivery,
/// so a test counts what was really published (distinct message ids) rather than what it expects.
/// </summary>
public sealed class OverdueProbe : IAsyncDisposable
{
    private readonly IHost _host;

    private OverdueProbe(IHost host, Deliveries deliveries)
    {
        _host = host;
        Received = deliveries;
    }

    public Deliveries Received { get; }

    public static async Task<OverdueProbe> StartAsync(LocalServersFixture servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var database = await servers.CreateDatabaseAsync("overdue_probe");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:probe-db"] = database,
            ["ConnectionStrings:eventbus"] = servers.RabbitMq.ConnectionString,
        });
        var deliveries = new Deliveries();
        builder.Services.AddSingleton(deliveries);
        // A queue per probe: each test counts only what reached it.
        builder.AddEventBackbone("probe" + Guid.NewGuid().ToString("N")[..8], "probe-db", bus => bus.AddConsumer<Consumer>());
        var host = builder.Build();
        await host.StartAsync();
        await Eventually.HoldsAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM messaging.endpoints", connection);
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }, TimeSpan.FromSeconds(60), "the probe's queue is bound");
        return new OverdueProbe(host, deliveries);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>Every delivery seen, by message id.</summary>
    public sealed class Deliveries
    {
        private readonly ConcurrentQueue<(Guid? MessageId, RectificationOverdue Event)> _all = new();

        public void Add(Guid? messageId, RectificationOverdue message) => _all.Enqueue((messageId, message));

        public IReadOnlyList<RectificationOverdue> Of(string orderId) => [.. _all.Where(d => d.Event.OrderId == orderId).Select(d => d.Event)];

        public int DistinctMessagesOf(string orderId) => _all.Where(d => d.Event.OrderId == orderId).Select(d => d.MessageId).Distinct().Count();
    }

    public sealed class Consumer(Deliveries deliveries) : IConsumer<RectificationOverdue>
    {
        public Task Consume(ConsumeContext<RectificationOverdue> context)
        {
            ArgumentNullException.ThrowIfNull(context);
            deliveries.Add(context.MessageId, context.Message);
            return Task.CompletedTask;
        }
    }
}
