using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Cases.Domain;

namespace RelicSecurity.Cases.Persistence;

/// <summary>ListRelics: newest first, filtered by case, status, province (lead or participating) and overdue handover.</summary>
public sealed class RelicQueries(CasesDatabase database)
{
    public async Task<(IReadOnlyList<RelicRecord> Relics, int Total, bool More)> ListAsync(RelicQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new SqlFilter();
        if (query.CaseId is { } caseId)
        {
            filter.Add("r.case_id = {0}", caseId, NpgsqlDbType.Uuid);
        }

        if (query.Status is { } status)
        {
            filter.Add("r.status = {0}", (short)status, NpgsqlDbType.Smallint);
        }

        if (query.ProvinceCode is { } province)
        {
            filter.Add("c.province_codes @> ARRAY[{0}]", province, NpgsqlDbType.Text);
        }

        if (query.ReachableProvince is { } reachable)
        {
            filter.Add("c.province_codes @> ARRAY[{0}]", reachable, NpgsqlDbType.Text);
        }

        if (query.HandoverOverdue)
        {
            // Past the deadline and not yet handed over (status 5 = HANDED_OVER); served by relics_handover_due.
            filter.Add("r.handover_due_at < {0} AND r.status <> 5", query.Now, NpgsqlDbType.TimestampTz);
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        int total;
        await using (var count = new NpgsqlCommand($"SELECT count(*) FROM relics r JOIN cases c ON c.case_id = r.case_id WHERE {filter.Where}", connection))
        {
            filter.AddParametersTo(count);
            total = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        if (query.After is { } position)
        {
            filter.Add("(r.created_at, r.relic_id) < ({0}, {1})", position.At, NpgsqlDbType.TimestampTz, position.Id, NpgsqlDbType.Uuid);
        }

        await using var page = new NpgsqlCommand($"""
            SELECT {RelicRows.Columns} FROM relics r JOIN cases c ON c.case_id = r.case_id
            WHERE {filter.Where} ORDER BY r.created_at DESC, r.relic_id DESC LIMIT {query.PageSize + 1}
            """, connection);
        filter.AddParametersTo(page);
        var relics = new List<RelicRecord>();
        await using var reader = await page.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (relics.Count == query.PageSize)
            {
                return (relics, total, true);
            }

            relics.Add(RelicRows.Read(reader).Relic);
        }

        return (relics, total, false);
    }
}
