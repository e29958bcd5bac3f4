using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Sites.Domain;

namespace RelicSecurity.Sites.Persistence;

/// <summary>
/// The per-record risk inputs of Migrations/0005 (written by the event consumers inside their inbox transaction)
/// and the queue of sites whose risk must be recomputed from them. Every write is an upsert that ends in the same
/// row whatever order, and however often, the events arrive: newer versions win, closing is final.
/// </summary>
internal static class RiskInputStore
{
    /// <summary>Records whether a case is open for a site, unless a newer version of the case was seen already.</summary>
    public static Task RecordCaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid siteId, string caseId,
        long caseVersion, bool isOpen, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            INSERT INTO site_case_inputs AS c (site_id, case_id, case_version, is_open) VALUES ($1, $2, $3, $4)
            ON CONFLICT (site_id, case_id) DO UPDATE SET case_version = excluded.case_version, is_open = excluded.is_open
            WHERE c.case_version < excluded.case_version
            """, cancellationToken, siteId, caseId, caseVersion, isOpen);

    /// <summary>Records that a hazard exists at a site and, when <paramref name="closed"/>, that it is closed for good.</summary>
    public static Task RecordHazardAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string findingId, Guid siteId,
        HazardSeverity severity, bool closed, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            INSERT INTO site_hazard_inputs AS h (finding_id, site_id, severity, closed) VALUES ($1, $2, $3, $4)
            ON CONFLICT (finding_id) DO UPDATE SET closed = h.closed OR excluded.closed
            """, cancellationToken, findingId, siteId, (short)severity, closed);

    /// <summary>Records whether an order is overdue at its given version, unless a newer version was seen already.</summary>
    public static Task RecordOrderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string orderId, Guid siteId,
        long orderVersion, bool overdue, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            INSERT INTO site_order_inputs AS o (order_id, site_id, order_version, overdue) VALUES ($1, $2, $3, $4)
            ON CONFLICT (order_id) DO UPDATE SET order_version = excluded.order_version, overdue = excluded.overdue
            WHERE o.order_version < excluded.order_version
            """, cancellationToken, orderId, siteId, orderVersion, overdue);

    public static Task RecordInspectionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid siteId, string inspectionId,
        DateTime completedAt, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            INSERT INTO site_inspection_inputs (site_id, inspection_id, completed_at) VALUES ($1, $2, $3)
            ON CONFLICT (site_id, inspection_id) DO NOTHING
            """, cancellationToken, siteId, inspectionId, completedAt);

    /// <summary>Queues the site for the recalculator (a plain append: no lock on the site).</summary>
    public static Task QueueRecalculationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid siteId, string reason,
        CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "INSERT INTO site_risk_pending (site_id, reason) VALUES ($1, $2)",
            cancellationToken, siteId, reason);

    /// <summary>The oldest queued sites, each with the newest queue entry seen for it.</summary>
    public static async Task<IReadOnlyList<(Guid SiteId, long UpTo)>> PendingAsync(NpgsqlDataSource dataSource, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT site_id, max(id) FROM site_risk_pending GROUP BY site_id ORDER BY min(id) LIMIT $1");
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var pending = new List<(Guid, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add((reader.GetGuid(0), reader.GetInt64(1)));
        }

        return pending;
    }

    /// <summary>The distinct reasons queued for a site up to an entry, in the order they were first queued.</summary>
    public static async Task<string> ReasonsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid siteId, long upTo,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT reason FROM site_risk_pending WHERE site_id = $1 AND id <= $2 GROUP BY reason ORDER BY min(id)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = siteId });
        command.Parameters.Add(new NpgsqlParameter { Value = upTo });
        var reasons = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reasons.Add(reader.GetString(0));
        }

        return string.Join("; ", reasons);
    }

    public static Task DequeueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid siteId, long upTo,
        CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "DELETE FROM site_risk_pending WHERE site_id = $1 AND id <= $2",
            cancellationToken, siteId, upTo);

    /// <summary>Locks the site's row for the rest of the transaction; false when there is no such site.</summary>
    public static async Task<bool> LockSiteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid siteId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM sites WHERE site_id = $1 FOR UPDATE", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = siteId });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>The site's inputs counted from the per-record rows.</summary>
    public static async Task<RiskInputs> CountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid siteId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT
                (SELECT count(*) FROM site_case_inputs WHERE site_id = $1 AND is_open),
                (SELECT count(*) FROM site_hazard_inputs WHERE site_id = $1 AND NOT closed AND severity = 1),
                (SELECT count(*) FROM site_hazard_inputs WHERE site_id = $1 AND NOT closed AND severity = 2),
                (SELECT count(*) FROM site_hazard_inputs WHERE site_id = $1 AND NOT closed AND severity = 3),
                (SELECT count(*) FROM site_hazard_inputs WHERE site_id = $1 AND NOT closed AND severity = 4),
                (SELECT count(*) FROM site_order_inputs WHERE site_id = $1 AND overdue),
                (SELECT max(completed_at) FROM site_inspection_inputs WHERE site_id = $1)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = siteId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RiskInputs(
            (int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3),
            (int)reader.GetInt64(4), (int)reader.GetInt64(5),
            reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTime>(6));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql,
        CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(value is DateTime at
                ? new NpgsqlParameter { Value = at, NpgsqlDbType = NpgsqlDbType.TimestampTz }
                : new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
