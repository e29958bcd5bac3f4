using Npgsql;

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

    public static Task<BenchServers> StartAsync(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Postgres is null || options.EventBus is null)
        {
            throw new ArgumentException("Pass --postgres <admin connection string> and --eventbus <amqp uri>.");
        }

        return Task.FromResult(new BenchServers(options.Postgres, options.EventBus, null));
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
}
