using StackExchange.Redis;

namespace RelicSecurity.Sites.Risk;

/// <summary>
/// The Redis connection of the live risk feed (connection string "redis"), opened on first use and
/// kept; abortConnect=false lets the service start while Redis is still coming up, and the
/// multiplexer reconnects and resubscribes by itself.
/// </summary>
/// <param name="onConnected">Told the connection once it is open (the Redis tracing registers it).</param>
public sealed class RiskRedis(string connectionString, Action<IConnectionMultiplexer>? onConnected = null) : IAsyncDisposable
{
    public const string ConnectionName = "redis";

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(async () =>
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(connectionString + ",abortConnect=false");
        onConnected?.Invoke(connection);
        return connection;
    });

    public async Task<ConnectionMultiplexer> GetAsync() => await _connection.Value;

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            var connection = await _connection.Value;
            await connection.CloseAsync();
            connection.Dispose();
        }
    }
}
