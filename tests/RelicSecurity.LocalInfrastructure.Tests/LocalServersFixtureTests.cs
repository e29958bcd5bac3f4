using Npgsql;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.LocalInfrastructure.Tests;

[Collection("servers")]
public sealed class LocalServersFixtureTests(LocalServersFixture servers)
{
    [Fact]
    public async Task Each_test_database_is_new_and_separate()
    {
        var first = await servers.CreateDatabaseAsync("Sites Tests");
        var second = await servers.CreateDatabaseAsync("Sites Tests");

        first.ShouldNotBe(second);
        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection);
        (await command.ExecuteScalarAsync()).ShouldBe(0L);
    }

    [Fact]
    public void The_servers_live_in_a_throwaway_run_directory()
    {
        servers.DataDirectory.ShouldStartWith(ThrowawayRuns.Root);
        servers.Postgres.IsRunning.ShouldBeTrue();
        servers.Redis.IsRunning.ShouldBeTrue();
        servers.RabbitMq.IsRunning.ShouldBeTrue();
        servers.RabbitMq.ConnectionString.ShouldBe($"amqp://guest:guest@127.0.0.1:{servers.RabbitMq.Port}/");
    }
}
