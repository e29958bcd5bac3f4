using StackExchange.Redis;

namespace RelicSecurity.Gateway.Status.Store;

/// <summary>The gateway's one Redis multiplexer (connection string "redis"), connected on first use and reconnecting by itself.</summary>
public sealed class StatusRedis(string connectionString) : IAsyncDisposable
{
    public const string ConnectionName = "redis";

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectAsync(connectionString));

    public Task<ConnectionMultiplexer> GetAsync() => _connection.Value;

    private static Task<ConnectionMultiplexer> ConnectAsync(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        // Start even while Redis is down; commands fail until it is back instead of the host failing to start.
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value).DisposeAsync();
        }
    }
}
