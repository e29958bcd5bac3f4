using Npgsql;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// The tables of the event backbone in a service's own database (schema <c>messaging</c>).
/// The SQL is idempotent so a service's migrations can include it and start-up can run it again.
/// </summary>
public static class OutboxSchema
{
    /// <summary>
    /// Rows are spread over this many lanes by partition key; a relay publishes a lane only while it holds
    /// that lane's advisory lock, so two replicas never publish the same partition at once.
    /// </summary>
    public const int LaneCount = 16;

    /// <summary>First key of the two-key advisory locks the backbone takes ("RELC").</summary>
    internal const int AdvisoryLockClass = 0x52454C43;

    /// <summary>Second advisory-lock key used while creating the schema (lanes use 0..LaneCount-1).</summary>
    internal const int SchemaLockKey = 1_000_000;

    public const string Sql = """
        CREATE SCHEMA IF NOT EXISTS messaging;

        CREATE TABLE IF NOT EXISTS messaging.outbox (
            sequence       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id             uuid        NOT NULL UNIQUE,
            lane           smallint    NOT NULL,
            partition_key  text        NOT NULL,
            message_type   text        NOT NULL,
            body           jsonb       NOT NULL,
            created_at     timestamptz NOT NULL DEFAULT now(),
            sent_at        timestamptz NULL,
            attempts       integer     NOT NULL DEFAULT 0,
            last_error     text        NULL
        );

        -- The relay reads only unsent rows, oldest first.
        CREATE INDEX IF NOT EXISTS outbox_unsent
            ON messaging.outbox (sequence) WHERE sent_at IS NULL;
        -- The W3C traceparent of the call that wrote the row (added after the first release: ALTER keeps
        -- existing outboxes). The relay publishes the row inside that trace.
        ALTER TABLE messaging.outbox ADD COLUMN IF NOT EXISTS trace_parent text NULL;

        CREATE INDEX IF NOT EXISTS outbox_sent_at
            ON messaging.outbox (sent_at) WHERE sent_at IS NOT NULL;

        CREATE TABLE IF NOT EXISTS messaging.inbox (
            consumer           text        NOT NULL,
            message_id         uuid        NOT NULL,
            message_type       text        NOT NULL,
            processed_at       timestamptz NOT NULL DEFAULT now(),
            last_delivered_at  timestamptz NOT NULL DEFAULT now(),
            deliveries         integer     NOT NULL DEFAULT 1,
            redeliveries       integer     NOT NULL DEFAULT 0,
            PRIMARY KEY (consumer, message_id)
        );
        CREATE INDEX IF NOT EXISTS inbox_processed_at ON messaging.inbox (processed_at);

        -- Queues this service consumes from, so operators find their _error queues without broker plugins.
        CREATE TABLE IF NOT EXISTS messaging.endpoints (
            queue          text        PRIMARY KEY,
            service        text        NOT NULL,
            last_ready_at  timestamptz NOT NULL DEFAULT now()
        );
        """;

    /// <summary>Creates the tables if they are missing; safe to run from several replicas at once.</summary>
    public static async Task EnsureCreatedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog; serialize them.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@class, @key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("class", AdvisoryLockClass);
            lockCommand.Parameters.AddWithValue("key", SchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(Sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
