using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Inspections.Domain;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>
/// The site_risk table (<see cref="SiteRiskMemory"/>) and the per-site lock under which the RISK_TRIGGERED rule reads
/// and writes it. Everything here runs inside the caller's transaction.
/// </summary>
internal static class SiteRiskStore
{
    private const string Columns = "site_id, province_code, level, level_changed_at, latest_rise_at, rise_owed";

    /// <summary>
    /// Takes the rule's transaction-scoped lock of each site, in one order (ascending id) so that two closings
    /// sharing sites cannot deadlock. A SiteRiskChanged for a site waits for a closing that holds it, and the other way round.
    /// </summary>
    public static async Task LockSitesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Guid> siteIds,
        CancellationToken cancellationToken)
    {
        // unnest emits the array in order, so the locks are taken in the order sorted here.
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_advisory_xact_lock(hashtextextended('risk-triggered:' || s::text, 0))) FROM unnest($1::uuid[]) AS s",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = siteIds.Distinct().Order().ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public static async Task<SiteRiskMemory?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid siteId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM site_risk WHERE site_id = $1", connection, transaction);
        command.Parameters.Add(Rows.Value(siteId));
        return await Rows.ReadSingleAsync(command, Read, cancellationToken);
    }

    /// <summary>The memories of these sites that owe a rise (the only ones an inspection's closing can act on).</summary>
    public static async Task<List<SiteRiskMemory>> OwingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Guid> siteIds,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM site_risk WHERE rise_owed AND site_id = ANY($1) ORDER BY site_id", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = siteIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        return await Rows.ReadAllAsync(command, Read, cancellationToken);
    }

    public static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SiteRiskMemory memory,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO site_risk ({Columns}) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (site_id) DO UPDATE SET province_code = EXCLUDED.province_code, level = EXCLUDED.level,
                level_changed_at = EXCLUDED.level_changed_at, latest_rise_at = EXCLUDED.latest_rise_at, rise_owed = EXCLUDED.rise_owed
            """, connection, transaction);
        command.Parameters.Add(Rows.Value(memory.SiteId));
        command.Parameters.Add(Rows.Value(memory.ProvinceCode));
        command.Parameters.Add(Rows.Value((short)memory.Level));
        command.Parameters.Add(Rows.Value(memory.LevelChangedAt));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)memory.LatestRiseAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(Rows.Value(memory.RiseOwed));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SiteRiskMemory Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        (SiteRiskLevel)reader.GetInt16(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetBoolean(5));
}
