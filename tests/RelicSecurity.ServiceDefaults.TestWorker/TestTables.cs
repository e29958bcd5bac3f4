using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.ServiceDefaults.TestWorker;

/// <summary>The producer's records and the consumer's effects, next to the messaging tables.</summary>
public static class TestTables
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS test_records (
            id uuid PRIMARY KEY, number integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS test_effects (
            record_id uuid NOT NULL, number integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp());
        """;

    public static async Task EnsureCreatedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await OutboxSchema.EnsureCreatedAsync(dataSource, cancellationToken);
        await using var command = dataSource.CreateCommand(Sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
