using Npgsql;

namespace RelicSecurity.ServiceDefaults.Messaging.Operations;

/// <summary>Reads the consumer queues a service recorded in its database (messaging.endpoints).</summary>
public static class EndpointQueues
{
    public const string ErrorSuffix = "_error";

    public static async Task<IReadOnlyList<string>> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT queue FROM messaging.endpoints ORDER BY queue", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var queues = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            queues.Add(reader.GetString(0));
        }

        return queues;
    }
}
