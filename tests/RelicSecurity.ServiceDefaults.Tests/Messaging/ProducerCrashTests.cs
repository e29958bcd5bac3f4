using RelicSecurity.ServiceDefaults.Messaging.Operations;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

[Collection("servers")]
public sealed class ProducerCrashTests(LocalServersFixture servers, ITestOutputHelper output)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_producer_killed_between_commit_and_publish_loses_nothing()
    {
        var producerDb = await servers.CreateDatabaseAsync("crash_producer");
        var consumerDb = await servers.CreateDatabaseAsync("crash_consumer");
        var eventBus = servers.RabbitMq.ConnectionString;
        await using var consumer = await WorkerProcess.StartAsync(consumerDb, eventBus, new Dictionary<string, string>(),
            "consume", "crash-consumer");
        await BackboneHost.WaitForEndpointsAsync(consumerDb, 1);

        // 1. The producer commits 300 records with their events, and dies before its relay publishes any:
        //    its relay is off, so every event sits committed and unpublished at the SIGKILL.
        await using (var producer = await WorkerProcess.StartAsync(producerDb, eventBus,
            new Dictionary<string, string> { ["EventBackbone__RelayEnabled"] = "false" }, "produce", "crash-producer", "300"))
        {
            await Eventually.HoldsAsync(async () => await Sql.CountAsync(producerDb, "SELECT count(*) FROM test_records") == 300,
                Patience, producer.GetOutputAsync);
            producer.Kill();
        }

        // Its relay was off: every event is still unsent, and none was ever tried.
        (await Sql.CountAsync(producerDb, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL")).ShouldBe(300);
        (await Sql.CountAsync(producerDb, "SELECT count(*) FROM messaging.outbox WHERE attempts > 0")).ShouldBe(0);
        (await Sql.CountAsync(consumerDb, "SELECT count(*) FROM test_effects")).ShouldBe(0);
        var (exitCode, backlog) = await Relicctl.RunAsync("events", "backlog", "--database", producerDb);
        output.WriteLine(backlog);
        exitCode.ShouldBe(0);
        backlog.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].ShouldBe("300", backlog);

        // 2. Restarted, it relays; it is killed again in the middle of draining (rows published, maybe not
        //    yet marked), together with 300 more commits in flight.
        await using (var producer = await WorkerProcess.StartAsync(producerDb, eventBus,
            new Dictionary<string, string> { ["FirstNumber"] = "300", ["EventBackbone__RelayBatchSize"] = "25" },
            "produce", "crash-producer", "300"))
        {
            await Eventually.HoldsAsync(async () => await Sql.CountAsync(consumerDb, "SELECT count(*) FROM test_effects") >= 100,
                Patience, producer.GetOutputAsync, TimeSpan.FromMilliseconds(20));
            producer.Kill();
        }

        var unsentAtSecondKill = await Sql.CountAsync(producerDb, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL");
        var committed = await Sql.CountAsync(producerDb, "SELECT count(*) FROM test_records");

        // 3. Restarted once more, it publishes whatever is left.
        await using (var producer = await WorkerProcess.StartAsync(producerDb, eventBus, new Dictionary<string, string>(),
            "produce", "crash-producer", "0"))
        {
            await Eventually.HoldsAsync(
                async () => await Sql.CountAsync(producerDb, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL") == 0
                    && await Sql.CountAsync(consumerDb, "SELECT count(DISTINCT record_id) FROM test_effects") == committed,
                Patience, async () => $"{await Sql.CountAsync(consumerDb, "SELECT count(*) FROM test_effects")} of {committed} applied");
            // Redeliveries of what the kills left unacknowledged sit ahead of one more record's event.
            await Settling.AfterMarkerRecordAsync(producerDb, consumerDb, Patience);
        }

        var records = await Sql.ListAsync<Guid>(producerDb, "SELECT id FROM test_records ORDER BY id");
        var effects = await Sql.ListAsync<Guid>(consumerDb, "SELECT record_id FROM test_effects ORDER BY record_id");
        effects.ShouldBe(records);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(consumerDb);
        var inbox = await InboxStats.ReadAsync(dataSource);
        output.WriteLine($"committed {committed}, unsent at the second kill {unsentAtSecondKill}, consumed {inbox.Processed}, "
            + $"duplicates absorbed {inbox.DuplicatesAbsorbed}, redelivered {inbox.Redelivered}");
    }
}
