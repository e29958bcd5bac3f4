using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

[Collection("servers")]
public sealed class OutboxDeliveryTests(LocalServersFixture servers)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_committed_with_their_records_reach_the_consumer_once()
    {
        var database = await servers.CreateDatabaseAsync("delivery");
        using var host = await BackboneHost.StartAsync("delivery", BackboneHost.QuickSettings(database, servers.RabbitMq.ConnectionString),
            bus => bus.AddConsumer<ThingHappenedConsumer>());
        await BackboneHost.WaitForEndpointsAsync(database, 1);
        var dataSource = host.Services.GetRequiredService<MessagingDatabase>().DataSource;

        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (n, _) => await ThingWriter.WriteAsync(dataSource, Guid.NewGuid(), n));

        await Eventually.HoldsAsync(async () => await Sql.CountAsync(database, "SELECT count(*) FROM things") >= 300, Patience,
            async () => $"{await Sql.CountAsync(database, "SELECT count(*) FROM things")} of 300 applied");
        await host.StopAsync();
        (await Sql.CountAsync(database, "SELECT count(DISTINCT number) FROM things")).ShouldBe(300);
        (await Sql.CountAsync(database, "SELECT count(*) FROM things")).ShouldBe(300);
        (await Sql.CountAsync(database, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL")).ShouldBe(0);
        (await Sql.CountAsync(database, "SELECT count(*) FROM messaging.inbox WHERE consumer = 'ThingHappenedConsumer'")).ShouldBe(300);
    }

    [Fact]
    public async Task The_events_of_one_record_arrive_in_the_order_they_were_written()
    {
        var database = await servers.CreateDatabaseAsync("order");
        var settings = BackboneHost.QuickSettings(database, servers.RabbitMq.ConnectionString);
        // One message at a time at the consumer, so arrival order is the queue's order.
        settings["EventBackbone:ConcurrentMessageLimit"] = "1";
        settings["EventBackbone:PrefetchCount"] = "1";
        settings["EventBackbone:RelayBatchSize"] = "37";
        using var host = await BackboneHost.StartAsync("order", settings, bus => bus.AddConsumer<ThingHappenedConsumer>());
        await BackboneHost.WaitForEndpointsAsync(database, 1);
        var dataSource = host.Services.GetRequiredService<MessagingDatabase>().DataSource;
        var things = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();

        // Each record's writer appends its events one after another; the six records interleave.
        await Task.WhenAll(things.Select(async thing =>
        {
            for (var n = 0; n < 40; n++)
            {
                await ThingWriter.WriteAsync(dataSource, thing, n);
            }
        }));

        await Eventually.HoldsAsync(async () => await Sql.CountAsync(database, "SELECT count(*) FROM things") >= 240, Patience,
            async () => $"{await Sql.CountAsync(database, "SELECT count(*) FROM things")} of 240 applied");
        foreach (var thing in things)
        {
            var arrived = await Sql.ListAsync<int>(database, $"SELECT number FROM things WHERE thing_id = '{thing}' ORDER BY arrival");
            arrived.ShouldBe(Enumerable.Range(0, 40));
        }
    }

    [Fact]
    public async Task Two_relays_on_one_database_never_publish_a_row_twice()
    {
        var database = await servers.CreateDatabaseAsync("replicas");
        var settings = BackboneHost.QuickSettings(database, servers.RabbitMq.ConnectionString);
        settings["EventBackbone:RelayBatchSize"] = "20";
        using var first = await BackboneHost.StartAsync("replicas", settings, bus => bus.AddConsumer<ThingHappenedConsumer>());
        using var second = await BackboneHost.StartAsync("replicas", settings, bus => bus.AddConsumer<ThingHappenedConsumer>());
        await BackboneHost.WaitForEndpointsAsync(database, 1);
        var dataSource = first.Services.GetRequiredService<MessagingDatabase>().DataSource;

        var firstStatus = first.Services.GetRequiredService<OutboxRelayStatus>();
        var secondStatus = second.Services.GetRequiredService<OutboxRelayStatus>();

        // Which relay claims which lanes is up to timing: one relay may take a whole wave alone. Keep
        // writing waves until both have published, so the test really has two relays competing.
        var written = 0;
        while (written < 1_000 || (written < 10_000 && (firstStatus.Published == 0 || secondStatus.Published == 0)))
        {
            var from = written;
            await Parallel.ForEachAsync(Enumerable.Range(from, 500), new ParallelOptions { MaxDegreeOfParallelism = 4 },
                async (n, _) => await ThingWriter.WriteAsync(dataSource, Guid.NewGuid(), n));
            written += 500;
            await Task.Delay(200);
        }

        await Eventually.HoldsAsync(async () => await Sql.CountAsync(database, "SELECT count(*) FROM things") >= written, Patience,
            async () => $"{await Sql.CountAsync(database, "SELECT count(*) FROM things")} of {written} applied");
        await Settling.AfterMarkerThingAsync(first, database, Patience);
        // The marker is one more published row.
        (firstStatus.Published + secondStatus.Published).ShouldBe(written + 1);
        firstStatus.Published.ShouldBeGreaterThan(0);
        secondStatus.Published.ShouldBeGreaterThan(0);
        // Every message was delivered exactly once: no relay published a row the other had published.
        (await Sql.CountAsync(database, "SELECT coalesce(sum(deliveries), 0) FROM messaging.inbox")).ShouldBe(written + 1);
        (await Sql.CountAsync(database, $"SELECT count(*) FROM things WHERE number < {Settling.MarkerNumber}")).ShouldBe(written);
    }

    [Fact]
    public async Task A_record_whose_event_cannot_be_published_holds_back_only_its_own_later_events()
    {
        var database = await servers.CreateDatabaseAsync("stuck");
        var settings = BackboneHost.QuickSettings(database, servers.RabbitMq.ConnectionString);
        settings["EventBackbone:BacklogAgeDegraded"] = "00:00:01";
        using var host = await BackboneHost.StartAsync("stuck", settings, bus => bus.AddConsumer<ThingHappenedConsumer>());
        await BackboneHost.WaitForEndpointsAsync(database, 1);
        var dataSource = host.Services.GetRequiredService<MessagingDatabase>().DataSource;
        var stuck = Guid.NewGuid();
        // An event written by a newer build whose type this process does not know.
        await Sql.ExecuteAsync(database, $"""
            INSERT INTO messaging.outbox (id, lane, partition_key, message_type, body)
            VALUES (gen_random_uuid(), {OutboxLanes.LaneOf(stuck.ToString())}, '{stuck}', 'Future.Events.ThingRenamed, Future', jsonb_build_object())
            """);
        await ThingWriter.WriteAsync(dataSource, stuck, 1);
        for (var n = 2; n < 12; n++)
        {
            await ThingWriter.WriteAsync(dataSource, Guid.NewGuid(), n);
        }

        await Eventually.HoldsAsync(async () => await Sql.CountAsync(database, "SELECT count(*) FROM things") >= 10, Patience,
            async () => $"{await Sql.CountAsync(database, "SELECT count(*) FROM things")} of 10 applied");
        // The relay tries the stuck lane once more after the others were applied: it had its chance to
        // publish the record's later event then, and must have held it back.
        const string StuckAttempts = "SELECT coalesce(max(attempts), 0) FROM messaging.outbox WHERE message_type LIKE 'Future.%'";
        var attemptsThen = await Sql.CountAsync(database, StuckAttempts);
        await Eventually.HoldsAsync(async () => await Sql.CountAsync(database, StuckAttempts) > attemptsThen, Patience,
            async () => $"the relay did not try the stuck event again ({await Sql.CountAsync(database, StuckAttempts)} attempts)");
        (await Sql.CountAsync(database, $"SELECT count(*) FROM things WHERE thing_id = '{stuck}'")).ShouldBe(0);
        (await Sql.CountAsync(database, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL")).ShouldBe(2);
        (await Sql.CountAsync(database, "SELECT count(*) FROM messaging.outbox WHERE last_error LIKE 'unknown event type Future.Events.ThingRenamed%'"))
            .ShouldBe(1);

        // The stuck event ages in the outbox: health says so, and why.
        var health = host.Services.GetRequiredService<HealthCheckService>();
        HealthReportEntry outbox = default;
        await Eventually.HoldsAsync(async () => (outbox = (await health.CheckHealthAsync()).Entries["outbox"]).Status == HealthStatus.Degraded,
            Patience, () => Task.FromResult($"outbox health stayed {outbox.Status}: {outbox.Description}"));
        outbox.Description.ShouldNotBeNull().ShouldStartWith("outbox backlog grows: 2 events wait");
        outbox.Description.ShouldContain("last error: unknown event type Future.Events.ThingRenamed");
    }
}
