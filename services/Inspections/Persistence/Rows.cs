using Npgsql;
using RelicSecurity.Inspections.Domain;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>Column lists and readers of the three tables: the one place that knows their order.</summary>
internal static class Rows
{
    public const string InspectionColumns = """
        i.inspection_id, i.title, i.province_code, i.lead_department, i.participating_departments, i.site_ids,
        i.window_start, i.window_end, i.state, i.origin, i.version, i.created_at, i.updated_at,
        ARRAY(SELECT f.finding_id FROM findings f WHERE f.inspection_id = i.inspection_id ORDER BY f.recorded_at, f.finding_id)
        """;

    public const string FindingColumns =
        "f.finding_id, f.inspection_id, f.site_id, f.province_code, f.category, f.severity, f.description, f.recorded_at, f.recorded_by";

    public const string OrderColumns = """
        o.order_id, o.finding_id, o.site_id, o.province_code, o.severity, o.responsible_unit, o.deadline, o.state,
        o.verified_at, o.note, o.version, o.issued_at, o.overdue_at
        """;

    /// <summary>PostgreSQL keeps microseconds: a time written is cut to them so what a call returns equals what a read returns.</summary>
    public static DateTimeOffset Stored(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    public static Inspection ReadInspection(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        (Department)reader.GetInt16(3),
        [.. reader.GetFieldValue<short[]>(4).Select(d => (Department)d)],
        reader.GetFieldValue<Guid[]>(5),
        reader.GetFieldValue<DateTimeOffset>(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        (InspectionState)reader.GetInt16(8),
        (InspectionOrigin)reader.GetInt16(9),
        reader.GetFieldValue<Guid[]>(13),
        reader.GetInt64(10),
        reader.GetFieldValue<DateTimeOffset>(11),
        reader.GetFieldValue<DateTimeOffset>(12));

    public static Finding ReadFinding(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetGuid(2),
        reader.GetString(3),
        (FindingCategory)reader.GetInt16(4),
        (HazardSeverity)reader.GetInt16(5),
        reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.GetString(8));

    public static RectificationOrder ReadOrder(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetGuid(2),
        reader.GetString(3),
        (HazardSeverity)reader.GetInt16(4),
        reader.GetString(5),
        reader.GetFieldValue<DateTimeOffset>(6),
        (RectificationState)reader.GetInt16(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        reader.GetString(9),
        reader.GetInt64(10),
        reader.GetFieldValue<DateTimeOffset>(11),
        reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12));

    public static async Task<T?> ReadSingleAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
    }

    public static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }

        return items;
    }

    public static NpgsqlParameter Value(object? value) => new() { Value = value ?? DBNull.Value };

    public static NpgsqlParameter Text(string? value) => new() { Value = string.IsNullOrEmpty(value) ? DBNull.Value : value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };
}
