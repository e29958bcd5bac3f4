using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

/// <summary>Records each thing once in the consumer's table; a "rejections" row for its number makes it fail.</summary>
public sealed class ThingHappenedConsumer : IdempotentConsumer<ThingHappened>
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS things (arrival bigint GENERATED ALWAYS AS IDENTITY, thing_id uuid NOT NULL, number integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp());
        CREATE TABLE IF NOT EXISTS rejections (number integer PRIMARY KEY, reason text NOT NULL);
        """;

    protected override async Task ApplyAsync(ThingHappened message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using (var check = new NpgsqlCommand("SELECT reason FROM rejections WHERE number = @number", connection, transaction))
        {
            check.Parameters.AddWithValue("number", message.Number);
            if (await check.ExecuteScalarAsync(cancellationToken) is string reason)
            {
                throw new InvalidOperationException($"Thing {message.Number} rejected: {reason}");
            }
        }

        await using var insert = new NpgsqlCommand("INSERT INTO things (thing_id, number) VALUES (@id, @number)", connection, transaction);
        insert.Parameters.AddWithValue("id", message.ThingId);
        insert.Parameters.AddWithValue("number", message.Number);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
