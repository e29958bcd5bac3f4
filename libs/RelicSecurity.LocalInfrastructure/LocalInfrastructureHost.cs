namespace RelicSecurity.LocalInfrastructure;

/// <summary>PostgreSQL, Redis and RabbitMQ started together (in parallel) and stopped together.</summary>
public sealed class LocalInfrastructureHost : IAsyncDisposable
{
    private LocalInfrastructureHost(PostgresServer postgres, RedisServer redis, RabbitMqServer rabbitMq)
    {
        Postgres = postgres;
        Redis = redis;
        RabbitMq = rabbitMq;
    }

    public PostgresServer Postgres { get; }

    public RedisServer Redis { get; }

    public RabbitMqServer RabbitMq { get; }

    public IReadOnlyList<LocalServer> Servers => [Postgres, Redis, RabbitMq];

    public static async Task<LocalInfrastructureHost> StartAsync(LocalInfrastructureOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(root);
        var postgres = PostgresServer.StartAsync(
            Path.Combine(root, "postgres"), options.Throwaway ? PostgresOptions.Throwaway : PostgresOptions.Durable, ct);
        var redis = RedisServer.StartAsync(Path.Combine(root, "redis"), ct);
        var rabbitMq = RabbitMqServer.StartAsync(Path.Combine(root, "rabbitmq"), ct);
        try
        {
            await Task.WhenAll(postgres, redis, rabbitMq).ConfigureAwait(false);
        }
        catch
        {
            // Whichever did start must not outlive the failure.
            foreach (var started in new Task<LocalServer>[] { Up(postgres), Up(redis), Up(rabbitMq) })
            {
                if (await started.ConfigureAwait(false) is { } server)
                {
                    await server.StopAsync().ConfigureAwait(false);
                }
            }
            throw;
        }
        return new LocalInfrastructureHost(postgres.Result, redis.Result, rabbitMq.Result);
    }

    /// <summary>Stops the three servers (in parallel: none depends on another).</summary>
    public Task StopAsync() => Task.WhenAll(Servers.Select(server => server.StopAsync()));

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
    }

    private static async Task<LocalServer> Up<T>(Task<T> start)
        where T : LocalServer
    {
        try
        {
            return await start.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return null!;
        }
    }
}
