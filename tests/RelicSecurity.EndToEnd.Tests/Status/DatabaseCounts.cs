using Npgsql;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Contracts.Status.V1;

namespace RelicSecurity.EndToEnd.Tests.Status;

/// <summary>
/// The status as the services' own databases say it is, by SQL on each service's database (enums are stored as their
/// proto numbers): the oracle GetNationalStatus is compared with. Keyed by province code, "000000" the national totals.
/// </summary>
internal static class DatabaseCounts
{
    private const string National = "000000";

    public static async Task<SortedDictionary<string, ProvinceStatus>> ReadAsync(string sitesDb, string casesDb, string inspectionsDb, DateTimeOffset now)
    {
        var statuses = new SortedDictionary<string, ProvinceStatus>(StringComparer.Ordinal);
        ProvinceStatus Of(string province) =>
            statuses.TryGetValue(province, out var s) ? s : statuses[province] = new ProvinceStatus { ProvinceCode = province };

        // Each query returns (province or NULL for national, key, count) rows: "GROUPING SETS" gives both at once.
        await ForEachAsync(sitesDb, """
            SELECT province_code, risk_level, count(*) FROM sites GROUP BY GROUPING SETS ((province_code, risk_level), (risk_level))
            """, (province, key, n) =>
        {
            var status = Of(province ?? National);
            status.SitesTotal += n;
            status.SitesByRisk[Name((RiskLevel)key)] = n;
        });

        var open = $"c.stage NOT IN ({(int)CaseStage.Closed}, {(int)CaseStage.Dropped})";
        const string CaseProvinces = "(SELECT DISTINCT unnest(c.province_codes)) AS p(province_code)";
        await ForEachAsync(casesDb, $"""
            SELECT p.province_code, c.case_type, count(*) FROM cases c CROSS JOIN LATERAL {CaseProvinces}
             WHERE {open} GROUP BY GROUPING SETS ((p.province_code, c.case_type))
            UNION ALL SELECT NULL, c.case_type, count(*) FROM cases c WHERE {open} GROUP BY c.case_type
            """, (province, key, n) =>
        {
            var status = Of(province ?? National);
            status.OpenCases += n;
            status.OpenCasesByType[Name((CaseType)key)] = n;
        });

        var supervised = $"{open} AND c.supervision IN ({(int)Supervision.Provincial}, {(int)Supervision.National})";
        await ForEachAsync(casesDb, $"""
            SELECT p.province_code, 0, count(*) FROM cases c CROSS JOIN LATERAL {CaseProvinces} WHERE {supervised} GROUP BY p.province_code
            UNION ALL SELECT NULL, 0, count(*) FROM cases c WHERE {supervised}
            """, (province, _, n) => Of(province ?? National).SupervisedCases = n);

        var closedThisYear = $"""
            c.stage = {(int)CaseStage.Closed} AND EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = c.case_id
              AND h.to_stage = {(int)CaseStage.Closed} AND extract(year FROM h.at AT TIME ZONE 'UTC') = {now.UtcDateTime.Year})
            """;
        await ForEachAsync(casesDb, $"""
            SELECT p.province_code, 0, count(*) FROM cases c CROSS JOIN LATERAL {CaseProvinces} WHERE {closedThisYear} GROUP BY p.province_code
            UNION ALL SELECT NULL, 0, count(*) FROM cases c WHERE {closedThisYear}
            """, (province, _, n) => Of(province ?? National).CasesClosedThisYear = n);

        // Recovered (reached SEIZED or RETURNED_FROM_ABROAD): every relic no longer STOLEN, since the custody order allows
        // only those two moves out of STOLEN (a relic registered as SEIZED has no custody row saying so).
        var recovered = $"r.status <> {(int)RelicStatus.Stolen}";
        var overdue = $"r.status <> {(int)RelicStatus.HandedOver} AND r.handover_due_at < '{now.UtcDateTime:O}'::timestamptz";
        foreach (var (where, set) in new (string, Action<ProvinceStatus, int>)[]
                 {
                     (recovered, (s, n) => s.RelicsRecovered = n),
                     (overdue, (s, n) => s.RelicsHandoverOverdue = n),
                 })
        {
            await ForEachAsync(casesDb, $"""
                SELECT p.province_code, 0, count(*) FROM relics r JOIN cases c ON c.case_id = r.case_id CROSS JOIN LATERAL {CaseProvinces}
                 WHERE {where} GROUP BY p.province_code
                UNION ALL SELECT NULL, 0, count(*) FROM relics r WHERE {where}
                """, (province, _, n) => set(Of(province ?? National), n));
        }

        await ForEachAsync(inspectionsDb, """
            SELECT province_code, state, count(*) FROM inspections GROUP BY GROUPING SETS ((province_code, state), (state))
            """, (province, key, n) =>
        {
            var status = Of(province ?? National);
            switch ((InspectionState)key)
            {
                case InspectionState.Planned or InspectionState.InProgress: status.InspectionsPlanned += n; break;
                case InspectionState.Completed: status.InspectionsCompleted += n; break;
            }
        });

        // A hazard is open until one of its rectification orders is VERIFIED (passed).
        await ForEachAsync(inspectionsDb, $"""
            SELECT province_code, 0, count(*) FROM findings f WHERE NOT EXISTS (SELECT 1 FROM rectification_orders o
              WHERE o.finding_id = f.finding_id AND o.state = {(int)RectificationState.Verified}) GROUP BY GROUPING SETS ((province_code), ())
            """, (province, _, n) => Of(province ?? National).OpenHazards = n);

        await ForEachAsync(inspectionsDb, $"""
            SELECT province_code, 0, count(*) FROM rectification_orders WHERE state = {(int)RectificationState.Overdue}
             GROUP BY GROUPING SETS ((province_code), ())
            """, (province, _, n) => Of(province ?? National).OverdueRectifications = n);

        return statuses;
    }

    private static async Task ForEachAsync(string database, string sql, Action<string?, int, int> row)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            row(reader.IsDBNull(0) ? null : reader.GetString(0), Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                (int)reader.GetInt64(2));
        }
    }

    /// <summary>"RISK_LEVEL_HIGH" → "HIGH", the key the status maps use.</summary>
    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        RelicSecurity.Gateway.Status.Rebuild.SnapshotRecords.NameOf(value, PrefixOf<TEnum>());

    private static string PrefixOf<TEnum>() => typeof(TEnum).Name switch
    {
        nameof(RiskLevel) => "RISK_LEVEL_",
        nameof(CaseType) => "CASE_TYPE_",
        _ => throw new ArgumentOutOfRangeException(typeof(TEnum).Name),
    };
}
