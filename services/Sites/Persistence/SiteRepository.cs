using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.Persistence;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Sites.Domain;
using RelicSecurity.Sites.Nearby;

namespace RelicSecurity.Sites.Persistence;

/// <summary>
/// Reads and writes the sites table. Every write appends its integration events to the outbox in
/// the same transaction, so an event exists exactly when its change was committed.
/// </summary>
public sealed class SiteRepository(SitesDatabase database)
{

    // SiteRows.Columns qualified with the alias "s", for joins whose other side has a site_id too.
    private static readonly string SiteColumnsOfS =
        string.Join(", ", SiteRows.Columns.Split(',', StringSplitOptions.TrimEntries).Select(c => "s." + c));

    public async Task<SiteWriteResult> RegisterAsync(Site input, string caller, string requestId, CancellationToken cancellationToken)
    {
        var now = SiteRows.UtcNowMicroseconds();
        var factors = Domain.RiskFactors.ForFacilities(SiteRows.FacilitiesOf(input));
        var risk = RiskRule.Assess(factors);

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO sites (site_id, name, province_code, county, category, protection_level, latitude, longitude,
                custodian_unit, responsible_person, responsible_phone, intrusion_alarm, cctv, night_patrol, fire_protection,
                missing_facilities, risk_score, risk_level, version, created_at, updated_at, created_by, request_id, name_grams)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 1, $19, $19, $20, $21, $22)
            ON CONFLICT (created_by, request_id) DO NOTHING
            RETURNING {SiteRows.Columns}
            """, connection, transaction);
        AddWritableFields(insert, Guid.CreateVersion7(), input);
        insert.Parameters.Add(new NpgsqlParameter { Value = factors.MissingFacilities });
        insert.Parameters.Add(new NpgsqlParameter { Value = risk.Score });
        insert.Parameters.Add(new NpgsqlParameter { Value = (short)risk.Level });
        insert.Parameters.Add(new NpgsqlParameter { Value = now });
        insert.Parameters.Add(new NpgsqlParameter { Value = caller });
        insert.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrEmpty(requestId) ? DBNull.Value : requestId, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = NameGrams.Indexed(input.Name.Trim(), input.ProvinceCode) });

        var created = await ReadSingleAsync(insert, cancellationToken);
        if (created is null)
        {
            // The same caller already used this request_id: answer with what that call created.
            await using var existing = new NpgsqlCommand(
                $"SELECT {SiteRows.Columns} FROM sites WHERE created_by = $1 AND request_id = $2", connection, transaction);
            existing.Parameters.Add(new NpgsqlParameter { Value = caller });
            existing.Parameters.Add(new NpgsqlParameter { Value = requestId });
            var first = await ReadSingleAsync(existing, cancellationToken)
                ?? throw new InvalidOperationException("request_id conflicted but its site is gone");
            await transaction.CommitAsync(cancellationToken);
            return new SiteWriteResult(first, null, Created: false);
        }

        await SiteOutbox.AppendAsync(connection, transaction, [
            new(created.SiteId, new SiteRegistered(created.SiteId, created.Name, created.ProvinceCode,
                EnumNames.Of(created.Category), EnumNames.Of(created.ProtectionLevel), RiskNames.Of(risk.Level), risk.Score, now)),
        ], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SiteWriteResult(created, null);
    }

    public async Task<Site?> GetAsync(Guid siteId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {SiteRows.Columns} FROM sites WHERE site_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = siteId });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Site>> GetManyAsync(IReadOnlyCollection<Guid> siteIds, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {SiteRows.Columns} FROM sites WHERE site_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = siteIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// The rows of a nearby page, read where the index last saw them (a TID scan: one heap page per row,
    /// no index descents — half the buffer visits of a primary-key read, measured in the README). A row
    /// that moved since (an update writes a new row version; VACUUM FULL moves everything) is not at its
    /// old place any more, or another site is: those are read by id, and returned with where they are now.
    /// </summary>
    public async Task<Dictionary<Guid, (Site Site, NpgsqlTid Row)>> GetPageRowsAsync(IReadOnlyList<NearbyMatch> matches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matches);
        var found = new Dictionary<Guid, (Site Site, NpgsqlTid Row)>(matches.Count);
        var wanted = matches.Select(m => m.SiteId).ToHashSet();
        var located = matches.Where(m => m.Row != default).Select(m => m.Row).ToList();
        if (located.Count > 0)
        {
            // Npgsql writes single tids but not arrays of them: the array goes as its text form.
            await using var byRow = database.DataSource.CreateCommand($"SELECT {SiteRows.Columns}, ctid FROM sites WHERE ctid = ANY($1::tid[])");
            byRow.Parameters.Add(new NpgsqlParameter { Value = TidArrayText(located) });
            await ReadLocatedAsync(byRow, wanted, found, cancellationToken);
        }

        if (found.Count < wanted.Count)
        {
            await using var byId = database.DataSource.CreateCommand($"SELECT {SiteRows.Columns}, ctid FROM sites WHERE site_id = ANY($1)");
            byId.Parameters.Add(new NpgsqlParameter { Value = wanted.Where(id => !found.ContainsKey(id)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            await ReadLocatedAsync(byId, wanted, found, cancellationToken);
        }

        return found;
    }

    private static string TidArrayText(List<NpgsqlTid> rows)
    {
        var text = new StringBuilder("{");
        foreach (var row in rows)
        {
            text.Append(text.Length > 1 ? ",\"(" : "\"(").Append(row.BlockNumber.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(row.OffsetNumber.ToString(CultureInfo.InvariantCulture)).Append(")\"");
        }

        return text.Append('}').ToString();
    }

    private static async Task ReadLocatedAsync(NpgsqlCommand command, HashSet<Guid> wanted, Dictionary<Guid, (Site Site, NpgsqlTid Row)> found, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var siteId = reader.GetGuid(0);
            if (wanted.Contains(siteId))
            {
                found[siteId] = (SiteRows.Read(reader), reader.GetFieldValue<NpgsqlTid>(SiteRows.ColumnCount));
            }
        }
    }

    /// <summary>
    /// Replaces the client-writable fields when the stored version equals <paramref name="expectedVersion"/>
    /// and <paramref name="mayChange"/> accepts the stored site (checked under the row lock, so the site cannot
    /// move to another province between the check and the write); a refused site is answered as not found.
    /// </summary>
    public async Task<SiteWriteResult> UpdateAsync(Guid siteId, Site input, long expectedVersion, Func<Site, bool> mayChange,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mayChange);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockAsync(connection, transaction, siteId, cancellationToken);
        if (!mayChange(current))
        {
            throw new SiteNotFoundException(siteId.ToString());
        }

        if (current.Version != expectedVersion)
        {
            throw new VersionConflictException(current.SiteId, expectedVersion, current.Version);
        }

        var before = SiteRows.FactorsOf(current);
        var after = before.WithFacilities(SiteRows.FacilitiesOf(input));
        var change = RiskRule.Compare(before, after, "security facilities changed");
        var risk = RiskRule.Assess(after);
        var now = SiteRows.UtcNowMicroseconds();

        await using var update = new NpgsqlCommand($"""
            UPDATE sites SET name = $2, province_code = $3, county = $4, category = $5, protection_level = $6,
                latitude = $7, longitude = $8, custodian_unit = $9, responsible_person = $10, responsible_phone = $11,
                intrusion_alarm = $12, cctv = $13, night_patrol = $14, fire_protection = $15,
                missing_facilities = $16, risk_score = $17, risk_level = $18, version = version + 1, updated_at = $19,
                name_grams = $20
            WHERE site_id = $1
            RETURNING {SiteRows.Columns}
            """, connection, transaction);
        AddWritableFields(update, siteId, input);
        update.Parameters.Add(new NpgsqlParameter { Value = after.MissingFacilities });
        update.Parameters.Add(new NpgsqlParameter { Value = risk.Score });
        update.Parameters.Add(new NpgsqlParameter { Value = (short)risk.Level });
        update.Parameters.Add(new NpgsqlParameter { Value = now });
        update.Parameters.Add(new NpgsqlParameter { Value = NameGrams.Indexed(input.Name.Trim(), input.ProvinceCode) });
        var updated = await ReadSingleAsync(update, cancellationToken) ?? throw new SiteNotFoundException(siteId.ToString());

        List<OutboxEvent> events =
        [
            new(updated.SiteId, new SiteUpdated(updated.SiteId, updated.Name, updated.ProvinceCode, current.ProvinceCode,
                EnumNames.Of(updated.Category), EnumNames.Of(updated.ProtectionLevel), RiskNames.Of(risk.Level), updated.Version, now)),
        ];
        if (change is not null)
        {
            events.Add(new(updated.SiteId, RiskChangedEvent(updated, change, now)));
        }

        await SiteOutbox.AppendAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SiteWriteResult(updated, change);
    }

    /// <summary>
    /// Moves the risk inputs of a site (driven by Cases/Inspections events) and recomputes its risk.
    /// Runs inside the caller's transaction. A move that changes nothing writes nothing; last_inspected_at only moves forward.
    /// </summary>
    public static async Task<SiteWriteResult> ApplyRiskInputAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid siteId,
        Func<Domain.RiskFactors, Domain.RiskFactors> move,
        string reason,
        DateTime? inspectedAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        var current = await LockAsync(connection, transaction, siteId, cancellationToken);
        var before = SiteRows.FactorsOf(current);
        var after = move(before);
        var inspectedBefore = current.LastInspectedAt?.ToDateTime();
        if (after == before && (inspectedAt is null || inspectedBefore >= inspectedAt))
        {
            // Nothing moved (e.g. a repeated or out-of-date event): no new version, no event.
            return new SiteWriteResult(current, null, Created: false);
        }

        var change = RiskRule.Compare(before, after, reason);
        var risk = RiskRule.Assess(after);
        var now = SiteRows.UtcNowMicroseconds();

        await using var update = new NpgsqlCommand($"""
            UPDATE sites SET open_cases = $2, open_hazards_low = $3, open_hazards_medium = $4, open_hazards_high = $5,
                open_hazards_critical = $6, overdue_rectifications = $7, missing_facilities = $8,
                risk_score = $9, risk_level = $10, last_inspected_at = greatest($11, last_inspected_at),
                version = version + 1, updated_at = $12
            WHERE site_id = $1
            RETURNING {SiteRows.Columns}
            """, connection, transaction);
        update.Parameters.Add(new NpgsqlParameter { Value = siteId });
        update.Parameters.Add(new NpgsqlParameter { Value = after.OpenCases });
        update.Parameters.Add(new NpgsqlParameter { Value = after.OpenHazardsLow });
        update.Parameters.Add(new NpgsqlParameter { Value = after.OpenHazardsMedium });
        update.Parameters.Add(new NpgsqlParameter { Value = after.OpenHazardsHigh });
        update.Parameters.Add(new NpgsqlParameter { Value = after.OpenHazardsCritical });
        update.Parameters.Add(new NpgsqlParameter { Value = after.OverdueRectifications });
        update.Parameters.Add(new NpgsqlParameter { Value = after.MissingFacilities });
        update.Parameters.Add(new NpgsqlParameter { Value = risk.Score });
        update.Parameters.Add(new NpgsqlParameter { Value = (short)risk.Level });
        update.Parameters.Add(new NpgsqlParameter { Value = inspectedAt.HasValue ? inspectedAt.Value : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        update.Parameters.Add(new NpgsqlParameter { Value = now });
        var updated = await ReadSingleAsync(update, cancellationToken) ?? throw new SiteNotFoundException(siteId.ToString());
        if (change is not null)
        {
            await SiteOutbox.AppendAsync(connection, transaction, [new(updated.SiteId, RiskChangedEvent(updated, change, now))], cancellationToken);
        }

        return new SiteWriteResult(updated, change);
    }

    public async Task<SitePage> ListAsync(SiteQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Two WHERE clauses over the same filters: one for the rows, one for site_counts (whose
        // dimensions cover every filter except name_query; with a name_query the rows are counted).
        var rows = new SqlFilter();
        var counts = new SqlFilter();
        var hasName = query.NameQuery.Length > 0;
        if (query.ProvinceCode.Length > 0)
        {
            // With a name_query the province-scoped grams below select the province already.
            if (!hasName)
            {
                rows.Add("province_code = " + rows.Parameter(query.ProvinceCode));
            }

            counts.Add("province_code = " + counts.Parameter(query.ProvinceCode));
        }

        if (query.Category != SiteCategory.Unspecified)
        {
            rows.Add("category = " + rows.Parameter((short)query.Category));
            counts.Add("category = " + counts.Parameter((short)query.Category));
        }

        if (query.ProtectionLevel != ProtectionLevel.Unspecified)
        {
            rows.Add("protection_level = " + rows.Parameter((short)query.ProtectionLevel));
            counts.Add("protection_level = " + counts.Parameter((short)query.ProtectionLevel));
        }

        if (query.MinRiskLevel != RiskLevel.Unspecified)
        {
            // Written against the indexed expression (-risk_score) so the ordered index scan can stop early.
            rows.Add("(-risk_score) <= " + rows.Parameter(-RiskRule.LowestScoreOf((SiteRiskLevel)query.MinRiskLevel)));
            counts.Add("risk_level >= " + counts.Parameter((short)query.MinRiskLevel));
        }

        if (hasName)
        {
            // The gram index narrows the rows, to the province's own grams when one is given (else
            // one lookup per province); ILIKE decides, with the same case-folding as the stored grams.
            if (query.ProvinceCode.Length > 0)
            {
                rows.Add("name_grams @> " + rows.Parameter(NameGrams.ForQuery(query.NameQuery, query.ProvinceCode)));
            }
            else
            {
                var grams = rows.Parameter(NameGrams.ForQuery(query.NameQuery));
                rows.Add("(" + string.Join(" OR ", ProvinceCodes.Names.Keys.Order(StringComparer.Ordinal)
                    .Select(code => $"name_grams @> site_name_grams_in('{code}', {grams})")) + ")");
            }

            // A query of caseless characters only (Chinese names) needs no case folding: LIKE compares
            // bytes, ILIKE folds every character of every candidate name.
            var pattern = rows.Parameter("%" + EscapeLike(query.NameQuery) + "%");
            rows.Add((NameGrams.IsCaseless(query.NameQuery) ? "name LIKE " : "name ILIKE ") + pattern);
        }

        var filterParameters = rows.Parameters.Count;
        var keyset = "TRUE";
        if (query.After is { } after)
        {
            keyset = $"((-risk_score), name, site_id) > ({rows.Parameter(after.NegatedScore)}, {rows.Parameter(after.Name, NpgsqlDbType.Text)}, {rows.Parameter(after.SiteId)})";
        }

        var limit = rows.Parameter(query.PageSize + 1);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        if (hasName)
        {
            // The matches of a name are few and all of them are read anyway (the gram index has no
            // order), so one statement counts them (the window runs before the keyset and LIMIT) and
            // sorts out the page.
            // Only the sort key of the matches is carried through the count and sort; the page's
            // rows are then read by id.
            var page = new NpgsqlBatchCommand($"""
                SELECT {SiteColumnsOfS}, page.total
                FROM (
                    SELECT site_id, risk_score, name, total FROM (
                        SELECT site_id, risk_score, name, count(*) OVER () AS total FROM sites WHERE {rows.Where}) matches
                    WHERE {keyset}
                    ORDER BY (-risk_score), name, site_id LIMIT {limit}
                ) page
                JOIN sites s ON s.site_id = page.site_id
                ORDER BY (-page.risk_score), page.name, page.site_id
                """);
            page.Parameters.AddRange(rows.Parameters.ToArray());
            batch.BatchCommands.Add(page);
        }
        else
        {
            // The page is an ordered index range scan that stops after page_size + 1 rows; the total
            // is a sum over site_counts, whose dimensions cover every filter except name_query.
            var page = new NpgsqlBatchCommand(
                $"SELECT {SiteRows.Columns} FROM sites WHERE {rows.Where} AND {keyset} ORDER BY (-risk_score), name, site_id LIMIT {limit}");
            page.Parameters.AddRange(rows.Parameters.ToArray());
            var count = new NpgsqlBatchCommand($"SELECT coalesce(sum(site_count), 0)::bigint FROM site_counts WHERE {counts.Where}");
            count.Parameters.AddRange(counts.Parameters.ToArray());
            batch.BatchCommands.Add(page);
            batch.BatchCommands.Add(count);
        }

        var sites = new List<Site>(query.PageSize + 1);
        long total = 0;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sites.Add(SiteRows.Read(reader));
                if (hasName)
                {
                    total = reader.GetInt64(SiteRows.ColumnCount);
                }
            }

            if (!hasName)
            {
                await reader.NextResultAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                total = reader.GetInt64(0);
            }
        }

        if (hasName && sites.Count == 0 && query.After is not null)
        {
            // A page past the last match (rows changed since the token was issued) carries no count.
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM sites WHERE {rows.Where}", connection);
            count.Parameters.AddRange(rows.Parameters.Take(filterParameters).Select(p => p.Clone()).ToArray());
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        PageToken? next = null;
        if (sites.Count > query.PageSize)
        {
            sites.RemoveAt(sites.Count - 1);
            var last = sites[^1];
            next = new PageToken(query.Fingerprint, -last.RiskScore, last.Name, Guid.Parse(last.SiteId));
        }

        return new SitePage(sites, next, (int)Math.Min(total, int.MaxValue));
    }

    public async Task<SitePage> NearbyAsync(NearbyQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (minLat, maxLat, minLon, maxLon) = SphereGeometry.BoundingBox(query.Latitude, query.Longitude, query.RadiusKm);
        var filters = new StringBuilder();
        await using var command = database.DataSource.CreateCommand();
        // Haversine: a = sin²(Δφ/2) + cos φ₀ · cos φ · sin²(Δλ/2), distance = 2R · asin(√a). The circle
        // test and the order compare a itself (monotonic in the distance), against sin²(r / 2R).
        var halfAngle = query.RadiusKm / (2 * SphereGeometry.EarthRadiusKm);
        command.Parameters.Add(new NpgsqlParameter { Value = query.Latitude });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Longitude });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Sin(halfAngle) * Math.Sin(halfAngle) });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Limit });
        command.Parameters.Add(new NpgsqlParameter { Value = new NpgsqlBox(maxLat, maxLon, minLat, minLon) });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Cos(query.Latitude * Math.PI / 180) });
        if (query.Category != SiteCategory.Unspecified)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (short)query.Category });
            filters.Append(" AND category = $").Append(command.Parameters.Count);
        }

        if (query.MinRiskLevel != RiskLevel.Unspecified)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = RiskRule.LowestScoreOf((SiteRiskLevel)query.MinRiskLevel) });
            filters.Append(" AND risk_score >= $").Append(command.Parameters.Count);
        }

        if (query.ProvinceCode.Length > 0)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = query.ProvinceCode });
            filters.Append(" AND province_code = $").Append(command.Parameters.Count);
        }

        // The GiST box search reads the candidates from the index alone (position, id, filters); a is
        // computed once per candidate (OFFSET 0 keeps each subquery from being flattened into repeated
        // expressions), keeps the true circle, orders nearest first and counts all matches (the window
        // runs before LIMIT). Only the page's rows are read from the table.
        const string HalfDegreeInRadians = "0.00872664625997164788"; // π / 360
        const string DegreeInRadians = "0.01745329251994329577"; // π / 180
        const string EarthDiameterKm = "12742.0176"; // 2 × SphereGeometry.EarthRadiusKm
        command.CommandText = $"""
            SELECT {SiteColumnsOfS}, {EarthDiameterKm} * asin(least(1, sqrt(nearest.a))) AS distance_km, nearest.total
            FROM (
                SELECT site_id, a, count(*) OVER () AS total
                FROM (
                    SELECT site_id, dlat * dlat + $6 * cos(latitude * {DegreeInRadians}) * dlon * dlon AS a
                    FROM (
                        SELECT site_id, location[1] AS latitude,
                            sin((location[1] - $1) * {HalfDegreeInRadians}) AS dlat, sin((location[0] - $2) * {HalfDegreeInRadians}) AS dlon
                        FROM sites
                        WHERE location <@ $5{filters}
                        OFFSET 0
                    ) candidates
                    OFFSET 0
                ) measured
                WHERE a <= $3
                ORDER BY a, site_id
                LIMIT $4
            ) nearest
            JOIN sites s ON s.site_id = nearest.site_id
            ORDER BY nearest.a, nearest.site_id
            """;
        var sites = new List<Site>();
        var distances = new List<double>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sites.Add(SiteRows.Read(reader));
            distances.Add(reader.GetDouble(SiteRows.ColumnCount));
            total = reader.GetInt64(SiteRows.ColumnCount + 1);
        }

        return new SitePage(sites, null, (int)Math.Min(total, int.MaxValue), distances);
    }

    internal static SiteRiskChanged RiskChangedEvent(Site site, RiskChange change, DateTime at) =>
        new(site.SiteId, site.ProvinceCode, RiskNames.Of(change.Before.Level), RiskNames.Of(change.After.Level),
            change.Before.Score, change.After.Score, change.Reason, at);

    private static async Task<Site> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid siteId, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand($"SELECT {SiteRows.Columns} FROM sites WHERE site_id = $1 FOR UPDATE", connection, transaction);
        select.Parameters.Add(new NpgsqlParameter { Value = siteId });
        return await ReadSingleAsync(select, cancellationToken) ?? throw new SiteNotFoundException(siteId.ToString());
    }

    private static void AddWritableFields(NpgsqlCommand command, Guid siteId, Site site)
    {
        var facilities = SiteRows.FacilitiesOf(site);
        command.Parameters.Add(new NpgsqlParameter { Value = siteId });
        command.Parameters.Add(new NpgsqlParameter { Value = site.Name.Trim() });
        command.Parameters.Add(new NpgsqlParameter { Value = site.ProvinceCode });
        command.Parameters.Add(new NpgsqlParameter { Value = site.County });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)site.Category });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)site.ProtectionLevel });
        command.Parameters.Add(new NpgsqlParameter { Value = site.Latitude });
        command.Parameters.Add(new NpgsqlParameter { Value = site.Longitude });
        command.Parameters.Add(new NpgsqlParameter { Value = site.CustodianUnit });
        command.Parameters.Add(new NpgsqlParameter { Value = site.ResponsiblePerson });
        command.Parameters.Add(new NpgsqlParameter { Value = site.ResponsiblePhone });
        command.Parameters.Add(new NpgsqlParameter { Value = facilities.IntrusionAlarm });
        command.Parameters.Add(new NpgsqlParameter { Value = facilities.Cctv });
        command.Parameters.Add(new NpgsqlParameter { Value = facilities.NightPatrol });
        command.Parameters.Add(new NpgsqlParameter { Value = facilities.FireProtection });
    }

    private static async Task<Site?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SiteRows.Read(reader) : null;
    }

    private static async Task<List<Site>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var sites = new List<Site>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sites.Add(SiteRows.Read(reader));
        }

        return sites;
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
