using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

/// <summary>Writes things with their events in one transaction each.</summary>
public static class ThingWriter
{
    public static async Task WriteAsync(NpgsqlDataSource dataSource, Guid thingId, int number)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await OutboxWriter.AppendAsync(connection, transaction, [new OutboxEvent(thingId.ToString(), new ThingHappened(thingId, number))]);
        await transaction.CommitAsync();
    }
}
