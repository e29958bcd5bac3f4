using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.ServiceDefaults.TestWorker;

/// <summary>Writes a record and its event in one transaction, the way a service's write handler does.</summary>
public static class RecordWriter
{
    public static async Task<Guid> WriteAsync(NpgsqlDataSource dataSource, int number, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("INSERT INTO test_records (id, number) VALUES (@id, @number)", connection, transaction))
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("number", number);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await OutboxWriter.AppendAsync(connection, transaction, [new OutboxEvent(id.ToString(), new RecordCreated(id, number))], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }
}
