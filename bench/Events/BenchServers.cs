using Npgsql;
using RelicSecurity.LocalInfrastructure;

namespace RelicSecurity.Bench.Events;

/// <summary>The PostgreSQL and RabbitMQ the benchmark runs against.</summary>
public sealed class BenchServers : IAsyncDisposable
{
    readonly string postgresAdmin;
    readonly IAsyncDisposable? owned;

    BenchServers(string postgresAdmin, string eventBus, IAsyncDisposable? owned)
    {
        this.postgresAdmin = postgresAdmin;
        EventBus = eventBus;
        this.owned = owned;
    }

    public string EventBus { get; }

    /// <summary>What the benchmark ran against, for the table's heading.</summary>
    public string Description { get; private init; } = "";

    public static async Task<BenchServers> StartAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Postgres is not null && options.EventBus is not null)
        {
            return new BenchServers(options.Postgres, options.EventBus, null) { Description = "given servers" };
        }

        // Private servers in a throwaway directory; PostgreSQL with fsync on, as in production.
        var directory = await ThrowawayRuns.CreateAsync("bench-events");
        PostgresServer? postgres = null;
        try
        {
            postgres = await PostgresServer.StartAsync(Path.Combine(directory, "postgres"), PostgresOptions.Durable, cancellationToken);
            var rabbit = await RabbitMqServer.StartAsync(Path.Combine(directory, "rabbitmq"), cancellationToken);
            return new BenchServers(postgres.ConnectionString("postgres"), rabbit.ConnectionString, new OwnedServers(directory, postgres, rabbit))
            {
                Description = "private PostgreSQL 15 (fsync on) and RabbitMQ 3.10",
            };
        }
        catch
        {
            // Interrupted between the two starts: stop the one that runs.
            if (postgres is not null)
            {
                await postgres.StopAsync();
            }

            ThrowawayRuns.Delete(directory);
            throw;
        }
    }

    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";
        await using (var dataSource = NpgsqlDataSource.Create(postgresAdmin))
        await using (var command = dataSource.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (owned is not null)
        {
            await owned.DisposeAsync();
        }
    }

    sealed class OwnedServers(string directory, PostgresServer postgres, RabbitMqServer rabbit) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await rabbit.StopAsync();
            await postgres.StopAsync();
            ThrowawayRuns.Delete(directory);
        }
    }
}
