using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Cases.Audit;
using RelicSecurity.Cases.Domain;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.Security;

using RelicSecurity.Cases.Matching;

namespace RelicSecurity.Cases.Persistence;

/// <summary>
/// Changes to an existing case: stage moves, joined provinces, supervision. Each locks the case row, checks that the
/// caller reaches the case (else NOT_FOUND, as if it did not exist), then commits the change, its history, its event
/// and its audit entry together.
/// </summary>
public sealed class CaseUpdates(CasesDatabase database, TimeProvider time, SoughtListWrites soughtListWrites)
{
    public async Task<CaseRecord> AdvanceAsync(Guid caseId, CaseStage to, string note, long expectedVersion, int? suspectsDetained,
        Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockReachableAsync(connection, transaction, caseId, caller, cancellationToken);
        if (current.Version != expectedVersion)
        {
            throw new VersionConflictException("case", caseId.ToString(), expectedVersion, current.Version);
        }

        StageMachine.EnsureCanMove(caseId.ToString(), current.Stage, to);
        var now = CaseRows.Truncate(time.GetUtcNow());
        var judgmentAt = to == CaseStage.JudgmentEffective ? now : current.JudgmentEffectiveAt;
        DateTimeOffset? handoverDue = to == CaseStage.JudgmentEffective ? HandoverDeadline.After(now) : null;
        var change = new StageChange(current.Stage, to, now, caller.Subject, note);
        var moved = current with
        {
            Stage = to,
            JudgmentEffectiveAt = judgmentAt,
            SuspectsDetained = suspectsDetained ?? current.SuspectsDetained,
            History = [.. current.History, change],
            Version = current.Version + 1,
            UpdatedAt = now,
        };

        await using (var update = new NpgsqlCommand("""
            UPDATE cases SET stage = $2, judgment_effective_at = $3, suspects_detained = $4, version = $5, updated_at = $6 WHERE case_id = $1
            """, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = caseId });
            update.Parameters.Add(new NpgsqlParameter { Value = (short)to });
            update.Parameters.Add(new NpgsqlParameter { Value = judgmentAt is { } j ? j : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            update.Parameters.Add(new NpgsqlParameter { Value = moved.SuspectsDetained });
            update.Parameters.Add(new NpgsqlParameter { Value = moved.Version });
            update.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (handoverDue is { } due)
        {
            // The case's relics not yet handed over are due one year after the judgment took effect.
            await using var relics = new NpgsqlCommand("""
                UPDATE relics SET handover_due_at = $2, version = version + 1, updated_at = $3
                WHERE case_id = $1 AND status <> 5
                """, connection, transaction);
            relics.Parameters.Add(new NpgsqlParameter { Value = caseId });
            relics.Parameters.Add(new NpgsqlParameter { Value = due, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            relics.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await relics.ExecuteNonQueryAsync(cancellationToken);
        }

        await CaseHistory.AppendAsync(connection, transaction, caseId, current.History.Count, change, cancellationToken);
        await OutboxWriter.AppendAsync(connection, transaction, [CaseEvents.StageChanged(moved, current.Stage, caller.Subject, handoverDue)], cancellationToken);
        await CommitAuditedAsync(connection, transaction, caseId, audit, now, cancellationToken);
        return moved;
    }

    /// <summary>Adds a participating province; joining a province the case already includes changes nothing.</summary>
    public async Task<CaseRecord> JoinAsync(Guid caseId, string province, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockReachableAsync(connection, transaction, caseId, caller, cancellationToken);
        if (current.Provinces.Contains(province))
        {
            return current;
        }

        var now = CaseRows.Truncate(time.GetUtcNow());
        var joined = current with
        {
            ParticipatingProvinceCodes = [.. current.ParticipatingProvinceCodes, province],
            Version = current.Version + 1,
            UpdatedAt = now,
        };
        await using (var update = new NpgsqlCommand("""
            UPDATE cases SET participating_province_codes = $2, province_codes = $3, version = $4, updated_at = $5 WHERE case_id = $1
            """, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = caseId });
            update.Parameters.Add(new NpgsqlParameter { Value = joined.ParticipatingProvinceCodes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            update.Parameters.Add(new NpgsqlParameter { Value = joined.Provinces.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            update.Parameters.Add(new NpgsqlParameter { Value = joined.Version });
            update.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await OutboxWriter.AppendAsync(connection, transaction, [CaseEvents.Joined(joined, province)], cancellationToken);
        await CommitAuditedAsync(connection, transaction, caseId, audit, now, cancellationToken);
        soughtListWrites.Committed(); // a join changes who sees the case's relics
        return joined;
    }

    public async Task<CaseRecord> SetSupervisionAsync(Guid caseId, SupervisionLevel level, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockReachableAsync(connection, transaction, caseId, caller, cancellationToken);
        if (current.Supervision == level)
        {
            return current;
        }

        var now = CaseRows.Truncate(time.GetUtcNow());
        var supervised = current with { Supervision = level, Version = current.Version + 1, UpdatedAt = now };
        await using (var update = new NpgsqlCommand(
            "UPDATE cases SET supervision = $2, version = $3, updated_at = $4 WHERE case_id = $1", connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = caseId });
            update.Parameters.Add(new NpgsqlParameter { Value = (short)level });
            update.Parameters.Add(new NpgsqlParameter { Value = supervised.Version });
            update.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await OutboxWriter.AppendAsync(connection, transaction, [CaseEvents.SupervisionChanged(supervised, current.Supervision)], cancellationToken);
        await CommitAuditedAsync(connection, transaction, caseId, audit, now, cancellationToken);
        return supervised;
    }

    /// <summary>The case, locked for this transaction, if the caller may see it; NOT_FOUND otherwise (and the id goes to the audit).</summary>
    internal static async Task<CaseRecord> LockReachableAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, Caller caller,
        CancellationToken cancellationToken, bool shared = false)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {CaseRows.Columns} FROM cases c WHERE c.case_id = $1 FOR {(shared ? "SHARE" : "UPDATE")} OF c", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        var found = await CaseRows.ReadSingleAsync(command, cancellationToken);
        return found is not null && caller.CanReachAny(found.Provinces)
            ? found
            : throw new RecordNotFoundException("case", caseId.ToString());
    }

    private static async Task CommitAuditedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, CallAudit audit,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        audit.Touch(caseId.ToString());
        await AuditLog.AppendAsync(connection, transaction, audit.Entry("OK", now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        audit.MarkWritten();
    }
}
