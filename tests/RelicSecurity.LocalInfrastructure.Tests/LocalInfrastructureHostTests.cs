using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RelicSecurity.LocalInfrastructure.Processes;
using Shouldly;
using StackExchange.Redis;
using Xunit;

namespace RelicSecurity.LocalInfrastructure.Tests;

public sealed class LocalInfrastructureHostTests
{
    [Fact]
    public async Task All_three_servers_serve_real_requests_and_leave_no_listener_or_process_when_stopped()
    {
        var directory = await ThrowawayRuns.CreateAsync("infra-tests");
        var host = await LocalInfrastructureHost.StartAsync(new LocalInfrastructureOptions(directory, Throwaway: true));
        var ports = host.Servers.SelectMany(server => server.Ports.Values).ToList();
        var processes = host.Servers.SelectMany(server => server.Processes).ToList();
        try
        {
            processes.Count.ShouldBe(4); // postgres, redis, the RabbitMQ node and its own epmd
            ports.Count.ShouldBe(5);
            var listening = SystemState.ListeningPorts();
            ports.ShouldAllBe(port => listening.Contains(port));

            (await SqlRoundTripAsync(host.Postgres)).ShouldBe("bronze ding");
            (await RedisRoundTripAsync(host.Redis)).ShouldBe("jade cong");
            (await PublishAndConsumeAsync(host.RabbitMq)).Name.ShouldBe("gilt bodhisattva");
        }
        finally
        {
            await host.StopAsync();
        }

        SystemState.ListeningPorts().Intersect(ports).ShouldBeEmpty();
        processes.Where(p => p.Identity.IsAlive).ShouldBeEmpty();
        LinuxProcess.Children(Environment.ProcessId).Where(pid => processes.Any(p => p.Pid == pid)).ShouldBeEmpty();
        SystemState.ProcessesMentioning(directory).ShouldBeEmpty();
        ThrowawayRuns.Delete(directory);
    }

    private static async Task<string?> SqlRoundTripAsync(PostgresServer postgres)
    {
        await postgres.CreateDatabaseAsync("round_trip");
        await using var connection = new NpgsqlConnection(postgres.ConnectionString("round_trip"));
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE relic (id int PRIMARY KEY, name text NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using (var insert = new NpgsqlCommand("INSERT INTO relic VALUES (1, @name)", connection))
        {
            insert.Parameters.AddWithValue("name", "bronze ding");
            await insert.ExecuteNonQueryAsync();
        }
        await using var select = new NpgsqlCommand("SELECT name FROM relic WHERE id = 1", connection);
        return (string?)await select.ExecuteScalarAsync();
    }

    private static async Task<string?> RedisRoundTripAsync(RedisServer redis)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = connection.GetDatabase();
        (await database.StringSetAsync("relic:1", "jade cong")).ShouldBeTrue();
        return await database.StringGetAsync("relic:1");
    }

    private static async Task<RelicRecovered> PublishAndConsumeAsync(RabbitMqServer rabbitMq)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ConsumedMessages>();
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<RelicRecoveredConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(rabbitMq.ConnectionString));
                rabbit.ConfigureEndpoints(context);
            });
        });
        await using var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bus.StartAsync(timeout.Token);
        try
        {
            await bus.Publish(new RelicRecovered(Guid.NewGuid(), "gilt bodhisattva"), timeout.Token);
            return await provider.GetRequiredService<ConsumedMessages>().Received.Task.WaitAsync(timeout.Token);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
