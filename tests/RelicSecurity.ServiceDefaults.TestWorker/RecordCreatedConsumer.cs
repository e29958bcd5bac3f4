using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.ServiceDefaults.TestWorker;

/// <summary>
/// Its effect is one row per message in a table without a unique key, so a second application of the
/// same event would show up as a second row instead of being hidden by a constraint.
/// </summary>
public sealed class RecordCreatedConsumer : IdempotentConsumer<RecordCreated>
{
    protected override async Task ApplyAsync(RecordCreated message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO test_effects (record_id, number) VALUES (@id, @number)", connection, transaction);
        command.Parameters.AddWithValue("id", message.RecordId);
        command.Parameters.AddWithValue("number", message.Number);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
