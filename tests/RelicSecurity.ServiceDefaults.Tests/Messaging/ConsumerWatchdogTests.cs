using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

[Collection("servers")]
public sealed class ConsumerWatchdogTests(LocalServersFixture servers)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Consumers_that_silently_left_their_queue_are_reattached_and_the_waiting_events_applied_once()
    {
        var database = await servers.CreateDatabaseAsync("watchdog");
        var settings = BackboneHost.QuickSettings(database, servers.RabbitMq.ConnectionString);
        settings["EventBackbone:ConsumerWatchdog:CheckInterval"] = "00:00:00.250";
        settings["EventBackbone:ConsumerWatchdog:DetachedGrace"] = "00:00:02";
        using var host = await BackboneHost.StartAsync("watchdog", settings, bus => bus.AddConsumer<ThingHappenedConsumer>());
        await BackboneHost.WaitForEndpointsAsync(database, 1);
        var dataSource = host.Services.GetRequiredService<MessagingDatabase>().DataSource;
        var watchdog = host.Services.GetRequiredService<ConsumerWatchdog>();

        // What MassTransit's lost reconnects leave behind: a running process whose queue has no consumer.
        await host.Services.GetRequiredService<IBusControl>().StopAsync();
        for (var n = 0; n < 50; n++)
        {
            await ThingWriter.WriteAsync(dataSource, Guid.NewGuid(), n);
        }

        await Eventually.HoldsAsync(async () => await Sql.CountAsync(database, "SELECT count(*) FROM things") >= 50, Patience,
            async () => $"{await Sql.CountAsync(database, "SELECT count(*) FROM things")} of 50 applied; watchdog restarts {watchdog.Restarts}");
        await Settling.AfterMarkerThingAsync(host, database, Patience);

        watchdog.Restarts.ShouldBeGreaterThanOrEqualTo(1);
        (await Sql.CountAsync(database, $"SELECT count(*) FROM things WHERE number < {Settling.MarkerNumber}")).ShouldBe(50);
        (await Sql.CountAsync(database, $"SELECT count(DISTINCT number) FROM things WHERE number < {Settling.MarkerNumber}")).ShouldBe(50);
        await host.StopAsync();
    }

    [Fact]
    public async Task Attached_consumers_are_left_alone()
    {
        var database = await servers.CreateDatabaseAsync("watchdog_quiet");
        var settings = BackboneHost.QuickSettings(database, servers.RabbitMq.ConnectionString);
        settings["EventBackbone:ConsumerWatchdog:CheckInterval"] = "00:00:00.100";
        settings["EventBackbone:ConsumerWatchdog:DetachedGrace"] = "00:00:03";
        using var host = await BackboneHost.StartAsync("watchdog-quiet", settings, bus => bus.AddConsumer<ThingHappenedConsumer>());
        await BackboneHost.WaitForEndpointsAsync(database, 1);
        var dataSource = host.Services.GetRequiredService<MessagingDatabase>().DataSource;

        for (var n = 0; n < 20; n++)
        {
            await ThingWriter.WriteAsync(dataSource, Guid.NewGuid(), n);
        }

        await Eventually.HoldsAsync(async () => await Sql.CountAsync(database, "SELECT count(*) FROM things") >= 20, Patience,
            () => Task.FromResult("events not applied"));
        // The watchdog has looked at the attached queue for longer than its grace period (looks come at
        // least CheckInterval apart), each time with a chance to call it stuck.
        var watchdog = host.Services.GetRequiredService<ConsumerWatchdog>();
        var looksPastGrace = watchdog.Looks + (long)(TimeSpan.FromSeconds(3) / TimeSpan.FromMilliseconds(100)) + 5;
        await Eventually.HoldsAsync(() => watchdog.Looks >= looksPastGrace, Patience, $"the watchdog looked {watchdog.Looks} times");

        watchdog.Restarts.ShouldBe(0);
        await host.StopAsync();
    }
}
