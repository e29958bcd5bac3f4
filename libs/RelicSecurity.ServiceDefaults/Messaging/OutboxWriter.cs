using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Appends events to the outbox inside the caller's transaction, so the state change and its events
/// commit together or not at all. The relay publishes them after the commit.
/// </summary>
public static class OutboxWriter
{
    const string InsertSql = """
        INSERT INTO messaging.outbox (id, lane, partition_key, message_type, body, trace_parent)
        SELECT *, @traceParent FROM unnest(@ids, @lanes, @keys, @types, @bodies)
        """;

    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var ids = new Guid[events.Count];
        var lanes = new short[events.Count];
        var keys = new string[events.Count];
        var types = new string[events.Count];
        var bodies = new string[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var outboxEvent = events[i] ?? throw new ArgumentException("An outbox event is null.", nameof(events));
            if (string.IsNullOrWhiteSpace(outboxEvent.PartitionKey))
            {
                throw new ArgumentException("Every outbox event needs a partition key (the record's id).", nameof(events));
            }

            ArgumentNullException.ThrowIfNull(outboxEvent.Message);
            var type = outboxEvent.Message.GetType();
            // Version 7 ids sort by time, which keeps the inbox index append-mostly.
            ids[i] = Guid.CreateVersion7();
            lanes[i] = OutboxLanes.LaneOf(outboxEvent.PartitionKey);
            keys[i] = outboxEvent.PartitionKey;
            types[i] = EventTypeNames.NameOf(type);
            bodies[i] = JsonSerializer.Serialize(outboxEvent.Message, type, EventJson.Options);
        }

        // unnest keeps the array order, and the identity column numbers rows in insertion order:
        // that sequence is the publish order of a partition.
        await using var command = new NpgsqlCommand(InsertSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
        command.Parameters.Add(new NpgsqlParameter("lanes", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = lanes });
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys });
        command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = types });
        command.Parameters.Add(new NpgsqlParameter("bodies", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = bodies });
        // The call's trace travels with its events: the relay publishes them as part of it.
        command.Parameters.Add(new NpgsqlParameter("traceParent", NpgsqlDbType.Text)
        {
            Value = (object?)MessagingTelemetry.CurrentTraceParent() ?? DBNull.Value,
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
