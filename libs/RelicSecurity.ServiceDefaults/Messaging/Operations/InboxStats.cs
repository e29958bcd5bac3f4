using Npgsql;

namespace RelicSecurity.ServiceDefaults.Messaging.Operations;

/// <summary>What a service's inbox has absorbed: messages processed, repeats dropped, broker redeliveries.</summary>
public sealed record InboxStats(long Processed, long DuplicatesAbsorbed, long Redelivered)
{
    public static async Task<InboxStats> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*), coalesce(sum(deliveries - 1), 0)::bigint, coalesce(sum(redeliveries), 0)::bigint FROM messaging.inbox",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new InboxStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
