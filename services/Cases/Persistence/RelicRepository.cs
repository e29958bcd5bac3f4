using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Cases.Audit;
using RelicSecurity.Cases.Domain;
using RelicSecurity.Cases.Matching;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Cases.Persistence;

/// <summary>Registers relics in cases and records their custody; each write commits with its event and audit entry.</summary>
public sealed class RelicRepository(CasesDatabase database, TimeProvider time, MatchSettings matching, SoughtListWrites soughtListWrites)
{
    public async Task<RelicRecord> RegisterAsync(Guid caseId, NewRelic input, Caller caller, string requestId, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A shared lock: relics register side by side, but not while the case's stage changes (handover_due_at).
        var owner = await CaseUpdates.LockReachableAsync(connection, transaction, caseId, caller, cancellationToken, shared: true);
        if (requestId.Length > 0 && await FindByRequestAsync(connection, transaction, caller.Subject, requestId, cancellationToken) is { } earlier)
        {
            audit.Touch(earlier.Id.ToString());
            return earlier;
        }

        if (StageMachine.IsFinal(owner.Stage))
        {
            throw new CaseClosedException(caseId.ToString(), owner.Stage);
        }

        var now = CaseRows.Truncate(time.GetUtcNow());
        var relic = new RelicRecord(Guid.CreateVersion7(now), caseId, input.Object, input.Grade, input.Status, input.CurrentHolder, [],
            owner.JudgmentEffectiveAt is { } judgment ? HandoverDeadline.After(judgment) : null, 1, now, now);
        var o = relic.Object;
        await using var insert = new NpgsqlCommand("""
            INSERT INTO relics (relic_id, case_id, object_type, title, materials, techniques, height_cm, width_cm, depth_cm, diameter_cm, weight_kg,
                inscriptions_markings, period, maker, subject, distinguishing_features, description, image_uris, inventory_number, place_of_origin,
                grade, status, current_holder, handover_due_at, version, created_at, updated_at, created_by, request_id,
                match_text, match_terms, match_type, match_materials, match_period)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, 1, $25, $25, $26, $27,
                $28, array_to_tsvector($29), $30, $31, $32)
            ON CONFLICT (created_by, request_id) DO NOTHING
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = relic.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = caseId });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.ObjectType });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Title });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Materials.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Techniques.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Measurements.HeightCm });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Measurements.WidthCm });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Measurements.DepthCm });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Measurements.DiameterCm });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Measurements.WeightKg });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.InscriptionsMarkings });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Period });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Maker });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Subject });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.DistinguishingFeatures });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.Description });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.ImageUris.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.InventoryNumber });
        insert.Parameters.Add(new NpgsqlParameter { Value = o.PlaceOfOrigin });
        insert.Parameters.Add(new NpgsqlParameter { Value = (short)relic.Grade });
        insert.Parameters.Add(new NpgsqlParameter { Value = (short)relic.Status });
        insert.Parameters.Add(new NpgsqlParameter { Value = relic.CurrentHolder });
        insert.Parameters.Add(new NpgsqlParameter { Value = relic.HandoverDueAt is { } due ? due : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter { Value = caller.Subject });
        insert.Parameters.Add(new NpgsqlParameter { Value = requestId.Length > 0 ? requestId : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        RelicRows.AddMatchParameters(insert, o, matching.Mode);
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            // A twin of this request committed after the look-up above (the insert waited for it): nothing of this call
            // was written but the case lock, so roll back and answer with the twin, as a later repeat would be answered.
            var twin = await FindByRequestAsync(connection, transaction, caller.Subject, requestId, cancellationToken)
                ?? throw new InvalidOperationException("request_id conflicted but its relic is gone");
            await transaction.RollbackAsync(cancellationToken);
            audit.Touch(twin.Id.ToString());
            return twin;
        }

        await OutboxWriter.AppendAsync(connection, transaction, [CaseEvents.RelicRegistered(relic, owner)], cancellationToken);
        audit.Touch(caseId.ToString());
        audit.Touch(relic.Id.ToString());
        await AuditLog.AppendAsync(connection, transaction, audit.Entry("OK", now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        soughtListWrites.Committed();
        audit.MarkWritten();
        return relic;
    }

    /// <summary>The relic if it exists and the caller reaches its case; NOT_FOUND otherwise.</summary>
    public async Task<RelicRecord> GetReachableAsync(Guid relicId, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var command = database.DataSource.CreateCommand(
            $"SELECT {RelicRows.Columns} FROM relics r JOIN cases c ON c.case_id = r.case_id WHERE r.relic_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = relicId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken) && RelicRows.Read(reader) is var (relic, provinces) && caller.CanReachAny(provinces))
        {
            return relic;
        }

        throw new RecordNotFoundException("relic", relicId.ToString());
    }

    /// <summary>Appends a custody event in the legal order (see <see cref="CustodyOrder"/>) and moves the relic's status with it.</summary>
    public async Task<RelicRecord> RecordCustodyAsync(Guid relicId, CustodyStep step, long expectedVersion, Caller caller, CallAudit audit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            $"SELECT {RelicRows.Columns} FROM relics r JOIN cases c ON c.case_id = r.case_id WHERE r.relic_id = $1 FOR UPDATE OF r",
            connection, transaction);
        select.Parameters.Add(new NpgsqlParameter { Value = relicId });
        RelicRecord current;
        IReadOnlyList<string> provinces;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new RecordNotFoundException("relic", relicId.ToString());
            }

            (current, provinces) = RelicRows.Read(reader);
        }

        if (!caller.CanReachAny(provinces))
        {
            throw new RecordNotFoundException("relic", relicId.ToString());
        }

        audit.Touch(relicId.ToString());
        if (current.Version != expectedVersion)
        {
            throw new VersionConflictException("relic", relicId.ToString(), expectedVersion, current.Version);
        }

        var status = CustodyOrder.Apply(relicId.ToString(), current.Status, step.Kind);
        var now = CaseRows.Truncate(time.GetUtcNow());
        var recorded = step with { At = CaseRows.Truncate(step.At) };
        var updated = current with
        {
            Status = status,
            CurrentHolder = recorded.Holder,
            Custody = [.. current.Custody, recorded],
            Version = current.Version + 1,
            UpdatedAt = now,
        };
        await using (var update = new NpgsqlCommand(
            "UPDATE relics SET status = $2, current_holder = $3, version = $4, updated_at = $5 WHERE relic_id = $1", connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = relicId });
            update.Parameters.Add(new NpgsqlParameter { Value = (short)status });
            update.Parameters.Add(new NpgsqlParameter { Value = recorded.Holder });
            update.Parameters.Add(new NpgsqlParameter { Value = updated.Version });
            update.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO custody_events (relic_id, position, kind, holder, at, actor, note) VALUES ($1, $2, $3, $4, $5, $6, $7)", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = relicId });
            insert.Parameters.Add(new NpgsqlParameter { Value = current.Custody.Count });
            insert.Parameters.Add(new NpgsqlParameter { Value = (short)recorded.Kind });
            insert.Parameters.Add(new NpgsqlParameter { Value = recorded.Holder });
            insert.Parameters.Add(new NpgsqlParameter { Value = recorded.At, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new NpgsqlParameter { Value = recorded.Actor });
            insert.Parameters.Add(new NpgsqlParameter { Value = recorded.Note });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await OutboxWriter.AppendAsync(connection, transaction, [CaseEvents.CustodyChanged(updated, provinces, current.Status, recorded)], cancellationToken);
        await AuditLog.AppendAsync(connection, transaction, audit.Entry("OK", now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        soughtListWrites.Committed();
        audit.MarkWritten();
        return updated;
    }

    private static async Task<RelicRecord?> FindByRequestAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string actor, string requestId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {RelicRows.Columns} FROM relics r JOIN cases c ON c.case_id = r.case_id WHERE r.created_by = $1 AND r.request_id = $2",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = actor });
        command.Parameters.Add(new NpgsqlParameter { Value = requestId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? RelicRows.Read(reader).Relic : null;
    }
}
