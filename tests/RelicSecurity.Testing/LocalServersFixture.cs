using RelicSecurity.LocalInfrastructure;
using Xunit;

namespace RelicSecurity.Testing;

/// <summary>
/// Private PostgreSQL, Redis and RabbitMQ servers for one test assembly, in a throwaway directory
/// (deleted at the end; left behind only if the test host is killed, and then cleaned up by the next run).
/// Use it through <c>[Collection("servers")]</c>; isolate tests by database (<see cref="CreateDatabaseAsync"/>)
/// and by Redis key / RabbitMQ endpoint prefixes.
/// </summary>
public sealed class LocalServersFixture : IAsyncLifetime
{
    private LocalInfrastructureHost? host;
    private int databaseCount;

    public PostgresServer Postgres => Host.Postgres;

    public RedisServer Redis => Host.Redis;

    public RabbitMqServer RabbitMq => Host.RabbitMq;

    /// <summary>The run's throwaway directory (postgres/, redis/, rabbitmq/ below it).</summary>
    public string DataDirectory { get; private set; } = "";

    private LocalInfrastructureHost Host =>
        host ?? throw new InvalidOperationException("LocalServersFixture is used before xunit initialized it.");

    public async Task InitializeAsync()
    {
        DataDirectory = await ThrowawayRuns.CreateAsync("tests");
        try
        {
            host = await LocalInfrastructureHost.StartAsync(new LocalInfrastructureOptions(DataDirectory, Throwaway: true));
        }
        catch
        {
            ThrowawayRuns.Delete(DataDirectory);
            throw;
        }
    }

    /// <summary>Creates an empty database named after <paramref name="prefix"/> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = DatabaseNames.Unique(prefix, Interlocked.Increment(ref databaseCount));
        await Postgres.CreateDatabaseAsync(name);
        return Postgres.ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync();
        }
        // RELIC_KEEP_SERVER_DATA=1 keeps the servers' data and logs for a look after a failure
        // (until the next test run, which cleans up runs whose owner is gone).
        if (DataDirectory.Length > 0 && Environment.GetEnvironmentVariable("RELIC_KEEP_SERVER_DATA") is null or "" or "0")
        {
            ThrowawayRuns.Delete(DataDirectory);
        }
    }
}
