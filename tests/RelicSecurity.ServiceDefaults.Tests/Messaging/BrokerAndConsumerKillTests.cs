using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.Messaging.Operations;
using RelicSecurity.ServiceDefaults.TestWorker;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

[Collection("servers")]
public sealed class BrokerAndConsumerKillTests(LocalServersFixture servers, ITestOutputHelper output)
{
    const int Records = 5_000;
    const int WritesPerSecond = 1_000;
    // The writers pause here until the broker is back, so that records are still being written (and the
    // consumer is still mid-stream) when the consumer is killed, however fast the machine drains the backlog.
    const int WrittenBeforeBrokerBack = 3_000;
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Five_thousand_events_survive_a_broker_kill_and_a_consumer_kill_with_every_effect_applied_exactly_once()
    {
        var producerDb = await servers.CreateDatabaseAsync("chaos_producer");
        var consumerDb = await servers.CreateDatabaseAsync("chaos_consumer");
        var eventBus = servers.RabbitMq.ConnectionString;
        var consumer = await WorkerProcess.StartAsync(consumerDb, eventBus, new Dictionary<string, string>(), "consume", "chaos-consumer");
        var brokerBack = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await BackboneHost.WaitForEndpointsAsync(consumerDb, 1);
            using var producer = await StartProducerAsync(producerDb, eventBus);
            var dataSource = producer.Services.GetRequiredService<MessagingDatabase>().DataSource;
            var health = producer.Services.GetRequiredService<HealthCheckService>();
            var clock = Stopwatch.StartNew();

            // When the system does not settle, say where it stands: the producer's relay, its backlog, the consumer's own log.
            async Task<string> DescribeStallAsync(string what)
            {
                var relayNow = producer.Services.GetRequiredService<OutboxRelayStatus>();
                return $"{what}; effects {await CountAsync(consumerDb, "SELECT count(*) FROM test_effects")}, "
                    + $"outbox unsent {await CountAsync(producerDb, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL")}, "
                    + $"relay published {relayNow.Published} (failed attempts {relayNow.PublishFailures}), broker running {servers.RabbitMq.IsRunning}, "
                    + $"at {clock.Elapsed.TotalSeconds:0.0} s\nconsumer log (last lines):\n{consumer.Output}";
            }

            var committed = 0;
            var writing = WritePacedAsync(dataSource, brokerBack.Task, () => Interlocked.Increment(ref committed));

            // The broker dies mid-stream; writes go on and the producer reports degraded, with the reason.
            await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref committed) >= 1_500), Patience, () => Task.FromResult("writes stalled"),
                TimeSpan.FromMilliseconds(10));
            servers.RabbitMq.Kill();
            var brokerKilledAt = clock.Elapsed;
            var committedAtBrokerKill = Volatile.Read(ref committed);
            HealthReportEntry degraded = default;
            await Eventually.HoldsAsync(async () =>
            {
                degraded = (await health.CheckHealthAsync()).Entries["outbox"];
                return degraded.Status == HealthStatus.Degraded;
            }, TimeSpan.FromSeconds(30), () => Task.FromResult($"outbox health stayed {degraded.Status}: {degraded.Description}"));
            await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref committed) >= WrittenBeforeBrokerBack || writing.IsCompleted), Patience,
                () => Task.FromResult("writes stalled while the broker was down"), TimeSpan.FromMilliseconds(10));
            var committedWhileDown = Volatile.Read(ref committed) - committedAtBrokerKill;
            await servers.RabbitMq.RestartAsync();
            var brokerBackAt = clock.Elapsed;
            var effectsAtBrokerBack = await CountAsync(consumerDb, "SELECT count(*) FROM test_effects");
            brokerBack.SetResult(Stopwatch.GetTimestamp());

            // The consuming process dies mid-stream (SIGKILL: unacked deliveries, maybe a committed effect without its ack).
            await Eventually.HoldsAsync(async () => await CountAsync(consumerDb, "SELECT count(*) FROM test_effects") >= effectsAtBrokerBack + 500,
                Patience, () => DescribeStallAsync("the consumer made no progress after the broker restart"), TimeSpan.FromMilliseconds(10));
            consumer.Kill();
            var consumerKilledAt = clock.Elapsed;
            var effectsAtConsumerKill = await CountAsync(consumerDb, "SELECT count(*) FROM test_effects");
            effectsAtConsumerKill.ShouldBeLessThan(Records, "the consumer was to be killed mid-stream");
            await Task.Delay(500);
            await consumer.DisposeAsync();
            consumer = await WorkerProcess.StartAsync(consumerDb, eventBus, new Dictionary<string, string>(), "consume", "chaos-consumer");
            var consumerBackAt = clock.Elapsed;
            await writing;
            var writesDoneAt = clock.Elapsed;

            await Eventually.HoldsAsync(
                async () => await CountAsync(producerDb, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL") == 0
                    && await CountAsync(consumerDb, "SELECT count(DISTINCT record_id) FROM test_effects") == Records,
                Patience, async () => await DescribeStallAsync($"{await CountAsync(consumerDb, "SELECT count(DISTINCT record_id) FROM test_effects")} of {Records} applied"));
            var settledAt = clock.Elapsed;
            // Anything still in flight (a redelivery the consumer kill left behind) is ahead of one more
            // record's event: once that is applied, a second effect would have shown up.
            await Settling.AfterMarkerRecordAsync(producerDb, consumerDb, Patience);

            var records = await Sql.ListAsync<Guid>(producerDb, "SELECT id FROM test_records ORDER BY id");
            var effects = await Sql.ListAsync<Guid>(consumerDb, "SELECT record_id FROM test_effects ORDER BY record_id");
            await using var consumerData = NpgsqlDataSource.Create(consumerDb);
            var inbox = await InboxStats.ReadAsync(consumerData);
            var relay = producer.Services.GetRequiredService<OutboxRelayStatus>();
            var finalHealth = (await health.CheckHealthAsync()).Entries["outbox"];

            output.WriteLine($"records written            {records.Count} ({committedWhileDown} of them while the broker was down)");
            output.WriteLine($"broker SIGKILLed at        {brokerKilledAt.TotalSeconds:0.0} s, back at {brokerBackAt.TotalSeconds:0.0} s; writes done at {writesDoneAt.TotalSeconds:0.0} s");
            output.WriteLine($"producer health meanwhile  {degraded.Status}: {degraded.Description}");
            output.WriteLine($"consumer SIGKILLed at      {consumerKilledAt.TotalSeconds:0.0} s with {effectsAtConsumerKill} effects applied, back at {consumerBackAt.TotalSeconds:0.0} s");
            output.WriteLine($"published (with confirm)   {relay.Published} (failed publish attempts {relay.PublishFailures})");
            output.WriteLine($"consumed                   {inbox.Processed}");
            output.WriteLine($"redelivered by the broker  {inbox.Redelivered}");
            output.WriteLine($"duplicates absorbed        {inbox.DuplicatesAbsorbed}");
            output.WriteLine($"effects                    {effects.Count} rows, {effects.Distinct().Count()} records");
            output.WriteLine($"time to settle             {(settledAt - consumerBackAt).TotalSeconds:0.0} s after the consumer restart, {(settledAt - brokerBackAt).TotalSeconds:0.0} s after the broker restart ({settledAt.TotalSeconds:0.0} s in all)");

            records.Count.ShouldBe(Records + 1); // and the marker
            effects.ShouldBe(records, "every record has exactly one effect");
            inbox.Processed.ShouldBe(Records + 1);
            relay.Published.ShouldBeGreaterThanOrEqualTo(Records + 1);
            finalHealth.Status.ShouldBe(HealthStatus.Healthy, finalHealth.Description);
            degraded.Description.ShouldNotBeNull().ShouldContain("broker unreachable");
        }
        finally
        {
            // A failure before the broker was back must not leave the paused writers waiting forever.
            brokerBack.TrySetResult(Stopwatch.GetTimestamp());
            await consumer.DisposeAsync();
            if (!servers.RabbitMq.IsRunning)
            {
                await servers.RabbitMq.RestartAsync();
            }
        }
    }

    static async Task<IHost> StartProducerAsync(string database, string eventBus)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{WorkerHost.DatabaseConnectionName}"] = database,
            ["ConnectionStrings:eventbus"] = eventBus,
            ["EventBackbone:PublishTimeout"] = "00:00:02",
            ["EventBackbone:RelayMaxBackoff"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
            // The broker is killed on purpose: its connection warnings would bury the test's output.
            ["Logging:LogLevel:MassTransit"] = "Error",
        };
        var host = WorkerHost.CreateBuilder("chaos-producer", consume: false, settings).Build();
        await TestTables.EnsureCreatedAsync(host.Services.GetRequiredService<MessagingDatabase>().DataSource);
        await host.StartAsync();
        return host;
    }

    /// <summary>
    /// Four writers at a steady total rate, one record and its event per transaction; from record
    /// <see cref="WrittenBeforeBrokerBack"/> on they wait for <paramref name="resume"/> (the time the broker was back)
    /// and pace from there.
    /// </summary>
    static Task WritePacedAsync(NpgsqlDataSource dataSource, Task<long> resume, Func<int> onCommitted)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        return Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int number;
            while ((number = Interlocked.Increment(ref next)) < Records)
            {
                var (from, index) = number < WrittenBeforeBrokerBack
                    ? (started, number)
                    : (await resume, number - WrittenBeforeBrokerBack);
                var wait = TimeSpan.FromSeconds((double)index / WritesPerSecond) - Stopwatch.GetElapsedTime(from);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                await RecordWriter.WriteAsync(dataSource, number);
                onCommitted();
            }
        })));
    }

    static Task<long> CountAsync(string database, string sql) => Sql.CountAsync(database, sql);
}
