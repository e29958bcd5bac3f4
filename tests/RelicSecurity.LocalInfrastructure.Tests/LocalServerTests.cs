using Npgsql;
using Shouldly;
using StackExchange.Redis;
using Xunit;

namespace RelicSecurity.LocalInfrastructure.Tests;

public sealed class LocalServerTests
{
    [Fact]
    public async Task A_killed_redis_restarts_on_the_same_port_with_its_acknowledged_writes()
    {
        var directory = await ThrowawayRuns.CreateAsync("infra-tests");
        await using var redis = await RedisServer.StartAsync(Path.Combine(directory, "redis"));
        var port = redis.Port;
        var pid = redis.ProcessId;
        using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            await connection.GetDatabase().StringSetAsync("site:beijing", "Forbidden City");
        }

        redis.Kill();
        redis.IsRunning.ShouldBeFalse();
        await redis.RestartAsync();

        redis.Port.ShouldBe(port);
        redis.ProcessId.ShouldNotBe(pid);
        using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            ((string?)await connection.GetDatabase().StringGetAsync("site:beijing")).ShouldBe("Forbidden City");
        }
        await redis.StopAsync();
        ThrowawayRuns.Delete(directory);
    }

    [Fact]
    public async Task A_killed_postgres_restarts_on_the_same_port_with_its_committed_rows()
    {
        var directory = await ThrowawayRuns.CreateAsync("infra-tests");
        await using var postgres = await PostgresServer.StartAsync(Path.Combine(directory, "postgres"), PostgresOptions.Throwaway);
        await postgres.CreateDatabaseAsync("chaos");
        await ExecuteAsync(postgres, "CREATE TABLE finds (name text); INSERT INTO finds VALUES ('oracle bone')");
        var port = postgres.Port;

        postgres.Kill();
        await postgres.RestartAsync();

        postgres.Port.ShouldBe(port);
        (await ExecuteAsync(postgres, "SELECT name FROM finds")).ShouldBe("oracle bone");
        await postgres.StopAsync();
        ThrowawayRuns.Delete(directory);
    }

    [Fact]
    public async Task Starting_in_a_data_directory_whose_server_is_running_is_refused()
    {
        var directory = await ThrowawayRuns.CreateAsync("infra-tests");
        await using var redis = await RedisServer.StartAsync(Path.Combine(directory, "redis"));

        var refused = await Should.ThrowAsync<DataDirectoryInUseException>(() => RedisServer.StartAsync(Path.Combine(directory, "redis")));

        refused.OwnerPid.ShouldBe(Environment.ProcessId);
        redis.IsRunning.ShouldBeTrue();
        await redis.StopAsync();
        ThrowawayRuns.Delete(directory);
    }

    [Fact]
    public void A_missing_server_program_names_the_package_to_install()
    {
        var missing = Should.Throw<MissingServerBinaryException>(() => ServerBinaries.Require("/usr/lib/postgresql/0/bin/postgres", "postgresql"));

        missing.Message.ShouldContain("postgresql");
        missing.Message.ShouldContain("apt-get install");
    }

    private static async Task<object?> ExecuteAsync(PostgresServer postgres, string sql)
    {
        // No pooling: a pooled connection would still point at the killed server.
        await using var connection = new NpgsqlConnection(postgres.ConnectionString("chaos") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
