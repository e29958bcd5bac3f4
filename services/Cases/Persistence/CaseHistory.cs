using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Cases.Domain;

namespace RelicSecurity.Cases.Persistence;

/// <summary>Appends one stage change to a case's history (rows are never changed afterwards).</summary>
internal static class CaseHistory
{
    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, int position, StageChange change,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO case_history (case_id, position, from_stage, to_stage, at, actor, note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        command.Parameters.Add(new NpgsqlParameter { Value = position });
        command.Parameters.Add(new NpgsqlParameter { Value = change.From is { } from ? (short)from : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)change.To });
        command.Parameters.Add(new NpgsqlParameter { Value = change.At, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = change.Actor });
        command.Parameters.Add(new NpgsqlParameter { Value = change.Note });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
