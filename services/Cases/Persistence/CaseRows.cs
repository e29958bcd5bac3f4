using Npgsql;
using RelicSecurity.Cases.Domain;

namespace RelicSecurity.Cases.Persistence;

/// <summary>The columns of a case with its history and relic ids, and how a row becomes a <see cref="CaseRecord"/>.</summary>
internal static class CaseRows
{
    public const string Columns = """
        c.case_id, c.case_number, c.title, c.case_type, c.stage, c.lead_province_code, c.participating_province_codes,
        c.lead_agency, c.supervision, c.site_ids, c.occurred_at, c.summary, c.suspects_detained, c.judgment_effective_at,
        c.version, c.created_at, c.updated_at,
        ARRAY(SELECT r.relic_id::text FROM relics r WHERE r.case_id = c.case_id ORDER BY r.created_at, r.relic_id) AS relic_ids,
        ARRAY(SELECT h.from_stage FROM case_history h WHERE h.case_id = c.case_id ORDER BY h.position) AS history_from,
        ARRAY(SELECT h.to_stage FROM case_history h WHERE h.case_id = c.case_id ORDER BY h.position) AS history_to,
        ARRAY(SELECT h.at FROM case_history h WHERE h.case_id = c.case_id ORDER BY h.position) AS history_at,
        ARRAY(SELECT h.actor FROM case_history h WHERE h.case_id = c.case_id ORDER BY h.position) AS history_actor,
        ARRAY(SELECT h.note FROM case_history h WHERE h.case_id = c.case_id ORDER BY h.position) AS history_note
        """;

    public static CaseRecord Read(NpgsqlDataReader reader)
    {
        var from = reader.GetFieldValue<short?[]>(18);
        var to = reader.GetFieldValue<short[]>(19);
        var at = reader.GetFieldValue<DateTimeOffset[]>(20);
        var actor = reader.GetFieldValue<string[]>(21);
        var note = reader.GetFieldValue<string[]>(22);
        var history = new StageChange[to.Length];
        for (var i = 0; i < history.Length; i++)
        {
            history[i] = new StageChange(from[i] is { } f ? (CaseStage)f : null, (CaseStage)to[i], at[i], actor[i], note[i]);
        }

        return new CaseRecord(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            (CaseType)reader.GetInt16(3),
            (CaseStage)reader.GetInt16(4),
            reader.GetString(5),
            reader.GetFieldValue<string[]>(6),
            (Agency)reader.GetInt16(7),
            (SupervisionLevel)reader.GetInt16(8),
            reader.GetFieldValue<string[]>(9),
            reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
            reader.GetString(11),
            reader.GetInt32(12),
            reader.GetFieldValue<string[]>(17),
            history,
            reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
            reader.GetInt64(14),
            reader.GetFieldValue<DateTimeOffset>(15),
            reader.GetFieldValue<DateTimeOffset>(16));
    }

    public static async Task<CaseRecord?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>PostgreSQL keeps microseconds: times are truncated before they are stored and returned, so both agree.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);
}
