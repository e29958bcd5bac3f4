using Npgsql;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>How many events wait in a service's outbox and since when.</summary>
public sealed record OutboxBacklog(long Waiting, TimeSpan? OldestAge, long Retrying, string? LastError, long SentLastMinute)
{
    public static async Task<OutboxBacklog> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        const string sql = """
            SELECT
                (SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL),
                (SELECT now() - min(created_at) FROM messaging.outbox WHERE sent_at IS NULL),
                (SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL AND attempts > 0),
                (SELECT last_error FROM messaging.outbox WHERE sent_at IS NULL AND last_error IS NOT NULL ORDER BY sequence LIMIT 1),
                (SELECT count(*) FROM messaging.outbox WHERE sent_at > now() - interval '1 minute')
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OutboxBacklog(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<TimeSpan>(1),
            reader.GetInt64(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetInt64(4));
    }
}
