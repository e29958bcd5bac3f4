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

    /// <summary>Many things in one transaction: the relay publishes them together and they reach the consumer together.</summary>
    public static async Task WriteManyAsync(NpgsqlDataSource dataSource, int count)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var events = Enumerable.Range(0, count).Select(n => (Id: Guid.NewGuid(), Number: n))
            .Select(t => new OutboxEvent(t.Id.ToString(), new ThingHappened(t.Id, t.Number))).ToArray();
        await OutboxWriter.AppendAsync(connection, transaction, events);
        await transaction.CommitAsync();
    }
}
