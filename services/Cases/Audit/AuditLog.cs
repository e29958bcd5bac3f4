using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Cases.Persistence;

namespace RelicSecurity.Cases.Audit;

/// <summary>Appends to and reads the append-only audit_entries table (as the service role: INSERT and SELECT only).</summary>
public sealed class AuditLog(CasesDatabase database)
{
    private const string InsertSql = """
        INSERT INTO audit_entries (at, actor, role, province_code, method, record_ids, outcome)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

    /// <summary>Appends inside a write's transaction: the entry exists exactly when the write does.</summary>
    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertSql, connection, transaction);
        AddParameters(command, entry);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends on its own (reads and refused calls).</summary>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(InsertSql);
        AddParameters(command, entry);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Oldest first from <see cref="AuditQuery.Since"/>, keyset-paged by entry id.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, long? LastId)> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = database.DataSource.CreateCommand("""
            SELECT entry_id, at, actor, role, province_code, method, record_ids, outcome
            FROM audit_entries
            WHERE ($1 = '' OR record_ids @> ARRAY[$1])
              AND ($2 = '' OR actor = $2)
              AND ($3::timestamptz IS NULL OR at >= $3)
              AND entry_id > $4
            ORDER BY entry_id
            LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = query.RecordId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Actor, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Since is { } since ? since : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = query.AfterId, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = query.PageSize + 1, NpgsqlDbType = NpgsqlDbType.Integer });
        var entries = new List<AuditEntry>();
        long lastId = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (entries.Count == query.PageSize)
            {
                return (entries, lastId);
            }

            lastId = reader.GetInt64(0);
            entries.Add(new AuditEntry(reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetFieldValue<string[]>(6), reader.GetString(7)));
        }

        return (entries, null);
    }

    private static void AddParameters(NpgsqlCommand command, AuditEntry entry)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = entry.At, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Actor });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Role });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.ProvinceCode });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Method });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.RecordIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Outcome });
    }
}
