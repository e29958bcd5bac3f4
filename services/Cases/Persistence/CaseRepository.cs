using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Cases.Audit;
using RelicSecurity.Cases.Domain;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Cases.Persistence;

/// <summary>
/// Opens and reads cases. Every write commits its history, its events (outbox) and its audit entry in one
/// transaction with the change itself.
/// </summary>
public sealed class CaseRepository(CasesDatabase database, TimeProvider time)
{
    /// <summary>
    /// Stores a REPORTED case under the next number of its lead province and year (see <see cref="OpenWithinAsync"/>);
    /// a request_id the same caller used before answers with that case and stores nothing.
    /// </summary>
    public async Task<CaseRecord> OpenAsync(NewCase input, string actor, string requestId, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        if (requestId.Length > 0 && await FindByRequestAsync(connection, null, actor, requestId, cancellationToken) is { } earlier)
        {
            audit.Touch(earlier.Id.ToString());
            return earlier;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (record, opened) = await OpenWithinAsync(connection, transaction, input, actor, requestId, c =>
        {
            audit.Touch(c.Id.ToString());
            return audit.Entry("OK", c.CreatedAt);
        }, cancellationToken);
        if (!opened)
        {
            // The same caller's request_id committed in between: give the number back and answer with that case.
            await transaction.RollbackAsync(cancellationToken);
            audit.Touch(record.Id.ToString());
            return record;
        }

        await transaction.CommitAsync(cancellationToken);
        audit.MarkWritten();
        return record;
    }

    /// <summary>
    /// Opens a case inside the caller's transaction: the number, the case, its first history entry, its CaseOpened
    /// (outbox) and the audit entry <paramref name="auditEntry"/> makes of it. The province's counter row is
    /// incremented first, so concurrent opens of one province queue on it and a failed open rolls its number back;
    /// a request_id is looked up only after that lock, so a twin of this request that committed meanwhile is seen
    /// (Opened = false, that case returned, nothing but the counter written: roll back to before the call).
    /// </summary>
    public async Task<(CaseRecord Case, bool Opened)> OpenWithinAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewCase input,
        string actor, string requestId, Func<CaseRecord, AuditEntry> auditEntry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(auditEntry);
        var now = CaseRows.Truncate(time.GetUtcNow());
        var year = CaseNumber.YearOf(now);
        await using var counter = new NpgsqlCommand("""
            INSERT INTO case_number_counters AS c (province_code, year, last_sequence) VALUES ($1, $2, 1)
            ON CONFLICT (province_code, year) DO UPDATE SET last_sequence = c.last_sequence + 1
            RETURNING last_sequence
            """, connection, transaction);
        counter.Parameters.Add(new NpgsqlParameter { Value = input.LeadProvinceCode });
        counter.Parameters.Add(new NpgsqlParameter { Value = year });
        var sequence = (int)(await counter.ExecuteScalarAsync(cancellationToken))!;
        if (requestId.Length > 0 && await FindByRequestAsync(connection, transaction, actor, requestId, cancellationToken) is { } twin)
        {
            return (twin, false);
        }

        var opened = new CaseRecord(Guid.CreateVersion7(now), CaseNumber.Format(input.LeadProvinceCode, year, sequence), input.Title, input.Type,
            CaseStage.Reported, input.LeadProvinceCode, [], input.LeadAgency, SupervisionLevel.None, input.SiteIds,
            input.OccurredAt is { } occurred ? CaseRows.Truncate(occurred) : null, input.Summary, 0, [],
            [new StageChange(null, CaseStage.Reported, now, actor, "opened")], null, 1, now, now);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO cases (case_id, case_number, title, case_type, stage, lead_province_code, participating_province_codes, province_codes,
                lead_agency, supervision, site_ids, occurred_at, summary, version, created_at, updated_at, created_by, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, '{}', ARRAY[$6], $7, $8, $9, $10, $11, 1, $12, $12, $13, $14)
            ON CONFLICT (created_by, request_id) DO NOTHING
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = opened.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = opened.Number });
        insert.Parameters.Add(new NpgsqlParameter { Value = opened.Title });
        insert.Parameters.Add(new NpgsqlParameter { Value = (short)opened.Type });
        insert.Parameters.Add(new NpgsqlParameter { Value = (short)opened.Stage });
        insert.Parameters.Add(new NpgsqlParameter { Value = opened.LeadProvinceCode, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = (short)opened.LeadAgency });
        insert.Parameters.Add(new NpgsqlParameter { Value = (short)opened.Supervision });
        insert.Parameters.Add(new NpgsqlParameter { Value = opened.SiteIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = opened.OccurredAt is { } at ? at : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter { Value = opened.Summary });
        insert.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter { Value = actor });
        insert.Parameters.Add(new NpgsqlParameter { Value = requestId.Length > 0 ? requestId : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            // A twin in another province's queue (the same caller reused a request_id for a different lead province).
            return (await FindByRequestAsync(connection, transaction, actor, requestId, cancellationToken)
                ?? throw new InvalidOperationException("request_id conflicted but its case is gone"), false);
        }

        await CaseHistory.AppendAsync(connection, transaction, opened.Id, 0, opened.History[0], cancellationToken);
        await OutboxWriter.AppendAsync(connection, transaction, [CaseEvents.Opened(opened)], cancellationToken);
        await AuditLog.AppendAsync(connection, transaction, auditEntry(opened), cancellationToken);
        return (opened, true);
    }

    public async Task<CaseRecord?> GetAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {CaseRows.Columns} FROM cases c WHERE c.case_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        return await CaseRows.ReadSingleAsync(command, cancellationToken);
    }

    /// <summary>Newest first; total_size counts every case the filters (and the caller's reach) admit.</summary>
    public async Task<(IReadOnlyList<CaseRecord> Cases, int Total, bool More)> ListAsync(CaseQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new SqlFilter();
        if (query.ProvinceCode is { } province)
        {
            filter.Add("c.province_codes @> ARRAY[{0}]", province, NpgsqlDbType.Text);
        }

        if (query.ReachableProvince is { } reachable)
        {
            filter.Add("c.province_codes @> ARRAY[{0}]", reachable, NpgsqlDbType.Text);
        }

        if (query.Type is { } type)
        {
            filter.Add("c.case_type = {0}", (short)type, NpgsqlDbType.Smallint);
        }

        if (query.Stage is { } stage)
        {
            filter.Add("c.stage = {0}", (short)stage, NpgsqlDbType.Smallint);
        }

        if (query.SiteId is { } site)
        {
            filter.Add("c.site_ids @> ARRAY[{0}]", site, NpgsqlDbType.Text);
        }

        if (query.Supervision is { } supervision)
        {
            filter.Add("c.supervision = {0}", (short)supervision, NpgsqlDbType.Smallint);
        }

        if (query.OpenedAfter is { } after)
        {
            filter.Add("c.created_at >= {0}", after, NpgsqlDbType.TimestampTz);
        }

        if (query.OpenedBefore is { } before)
        {
            filter.Add("c.created_at < {0}", before, NpgsqlDbType.TimestampTz);
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        int total;
        await using (var count = new NpgsqlCommand($"SELECT count(*) FROM cases c WHERE {filter.Where}", connection))
        {
            filter.AddParametersTo(count);
            total = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        if (query.After is { } position)
        {
            filter.Add("(c.created_at, c.case_id) < ({0}, {1})", position.At, NpgsqlDbType.TimestampTz, position.Id, NpgsqlDbType.Uuid);
        }

        await using var page = new NpgsqlCommand(
            $"SELECT {CaseRows.Columns} FROM cases c WHERE {filter.Where} ORDER BY c.created_at DESC, c.case_id DESC LIMIT {query.PageSize + 1}", connection);
        filter.AddParametersTo(page);
        var cases = new List<CaseRecord>();
        await using var reader = await page.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (cases.Count == query.PageSize)
            {
                return (cases, total, true);
            }

            cases.Add(CaseRows.Read(reader));
        }

        return (cases, total, false);
    }

    private static async Task<CaseRecord?> FindByRequestAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string actor, string requestId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {CaseRows.Columns} FROM cases c WHERE c.created_by = $1 AND c.request_id = $2", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = actor });
        command.Parameters.Add(new NpgsqlParameter { Value = requestId });
        return await CaseRows.ReadSingleAsync(command, cancellationToken);
    }
}
