using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.Sites.Domain;
using RelicSecurity.Sites.Persistence;

namespace RelicSecurity.Sites.Import;

/// <summary>
/// Stores import batches over one connection: binary COPY into a temporary staging table, then one
/// INSERT ... SELECT ... ON CONFLICT (created_by, request_id) DO NOTHING into sites, plus one
/// SitesImported summary event in the outbox, all in the batch's transaction. A batch that
/// committed stays even if the stream breaks later; re-sending it is harmless (same request_ids).
/// </summary>
public sealed class ImportBatchWriter(NpgsqlConnection connection, string caller) : IAsyncDisposable
{
    private bool _stagingReady;

    public static async Task<ImportBatchWriter> OpenAsync(SitesDatabase database, string caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return new ImportBatchWriter(connection, caller);
    }

    public async Task<ImportBatchResult> WriteAsync(IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!_stagingReady)
        {
            // Temporary, per connection, emptied at every commit: no cleanup and no clash between importers.
            await using var create = new NpgsqlCommand("""
                CREATE TEMP TABLE IF NOT EXISTS sites_import (
                    ordinal integer NOT NULL, site_id uuid NOT NULL, name text NOT NULL, province_code text NOT NULL,
                    county text NOT NULL, category smallint NOT NULL, protection_level smallint NOT NULL,
                    latitude double precision NOT NULL, longitude double precision NOT NULL, custodian_unit text NOT NULL,
                    responsible_person text NOT NULL, responsible_phone text NOT NULL, intrusion_alarm boolean NOT NULL,
                    cctv boolean NOT NULL, night_patrol boolean NOT NULL, fire_protection boolean NOT NULL,
                    missing_facilities integer NOT NULL, risk_score integer NOT NULL, risk_level smallint NOT NULL,
                    request_id text, name_grams text[] NOT NULL) ON COMMIT DELETE ROWS
                """, connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            _stagingReady = true;
        }

        var now = SiteRows.UtcNowMicroseconds();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY sites_import (ordinal, site_id, name, province_code, county, category, protection_level, latitude, longitude,
                custodian_unit, responsible_person, responsible_phone, intrusion_alarm, cctv, night_patrol, fire_protection,
                missing_facilities, risk_score, risk_level, request_id, name_grams) FROM STDIN (FORMAT BINARY)
            """, cancellationToken))
        {
            foreach (var row in rows)
            {
                var site = row.Site;
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(row.Index, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(row.SiteId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(site.Name.Trim(), NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(site.ProvinceCode, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(site.County, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync((short)site.Category, NpgsqlDbType.Smallint, cancellationToken);
                await copy.WriteAsync((short)site.ProtectionLevel, NpgsqlDbType.Smallint, cancellationToken);
                await copy.WriteAsync(site.Latitude, NpgsqlDbType.Double, cancellationToken);
                await copy.WriteAsync(site.Longitude, NpgsqlDbType.Double, cancellationToken);
                await copy.WriteAsync(site.CustodianUnit, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(site.ResponsiblePerson, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(site.ResponsiblePhone, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.Facilities.IntrusionAlarm, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(row.Facilities.Cctv, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(row.Facilities.NightPatrol, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(row.Facilities.FireProtection, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(row.Facilities.MissingCount, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(row.Risk.Score, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync((short)row.Risk.Level, NpgsqlDbType.Smallint, cancellationToken);
                if (row.RequestId is null)
                {
                    await copy.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await copy.WriteAsync(row.RequestId, NpgsqlDbType.Text, cancellationToken);
                }

                await copy.WriteAsync(NameGrams.Indexed(site.Name.Trim(), site.ProvinceCode), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using var insert = new NpgsqlCommand("""
            WITH inserted AS (
                INSERT INTO sites (site_id, name, province_code, county, category, protection_level, latitude, longitude,
                    custodian_unit, responsible_person, responsible_phone, intrusion_alarm, cctv, night_patrol, fire_protection,
                    missing_facilities, risk_score, risk_level, version, created_at, updated_at, created_by, request_id, name_grams)
                SELECT site_id, name, province_code, county, category, protection_level, latitude, longitude,
                    custodian_unit, responsible_person, responsible_phone, intrusion_alarm, cctv, night_patrol, fire_protection,
                    missing_facilities, risk_score, risk_level, 1, $1, $1, $2, request_id, name_grams
                FROM sites_import ORDER BY ordinal
                ON CONFLICT (created_by, request_id) DO NOTHING
                RETURNING province_code, risk_level)
            SELECT province_code, risk_level, count(*)::integer FROM inserted GROUP BY 1, 2 ORDER BY 1, 2
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = now });
        insert.Parameters.Add(new NpgsqlParameter { Value = caller });
        var counts = new List<ImportedSiteCount>();
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counts.Add(new ImportedSiteCount(reader.GetString(0), RiskNames.Of((SiteRiskLevel)reader.GetInt16(1)), reader.GetInt32(2)));
            }
        }

        var imported = counts.Sum(c => c.Count);
        if (imported > 0)
        {
            var batchId = Guid.CreateVersion7().ToString();
            await SiteOutbox.AppendAsync(connection, transaction, [new OutboxEvent(batchId, new SitesImported(batchId, counts, now))], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ImportBatchResult(imported, rows.Count - imported);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
