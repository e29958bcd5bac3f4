using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Cases.Domain;
using RelicSecurity.Cases.Matching;

namespace RelicSecurity.Cases.Persistence;

/// <summary>The columns of a relic with its custody and its case's provinces, and how a row becomes a <see cref="RelicRecord"/>.</summary>
internal static class RelicRows
{
    public const string Columns = """
        r.relic_id, r.case_id, r.object_type, r.title, r.materials, r.techniques, r.height_cm, r.width_cm, r.depth_cm, r.diameter_cm,
        r.weight_kg, r.inscriptions_markings, r.period, r.maker, r.subject, r.distinguishing_features, r.description, r.image_uris,
        r.inventory_number, r.place_of_origin, r.grade, r.status, r.current_holder, r.handover_due_at, r.version, r.created_at,
        r.updated_at, c.province_codes,
        ARRAY(SELECT e.kind FROM custody_events e WHERE e.relic_id = r.relic_id ORDER BY e.position) AS custody_kind,
        ARRAY(SELECT e.holder FROM custody_events e WHERE e.relic_id = r.relic_id ORDER BY e.position) AS custody_holder,
        ARRAY(SELECT e.at FROM custody_events e WHERE e.relic_id = r.relic_id ORDER BY e.position) AS custody_at,
        ARRAY(SELECT e.actor FROM custody_events e WHERE e.relic_id = r.relic_id ORDER BY e.position) AS custody_actor,
        ARRAY(SELECT e.note FROM custody_events e WHERE e.relic_id = r.relic_id ORDER BY e.position) AS custody_note
        """;

    /// <summary>Number of columns in <see cref="Columns"/>: a query may select more after them.</summary>
    public const int Count = 33;

    public static (RelicRecord Relic, IReadOnlyList<string> Provinces) Read(NpgsqlDataReader reader)
    {
        var kinds = reader.GetFieldValue<short[]>(28);
        var holders = reader.GetFieldValue<string[]>(29);
        var ats = reader.GetFieldValue<DateTimeOffset[]>(30);
        var actors = reader.GetFieldValue<string[]>(31);
        var notes = reader.GetFieldValue<string[]>(32);
        var custody = new CustodyStep[kinds.Length];
        for (var i = 0; i < custody.Length; i++)
        {
            custody[i] = new CustodyStep((CustodyKind)kinds[i], holders[i], ats[i], actors[i], notes[i]);
        }

        var description = new ObjectDescription(
            reader.GetString(2), reader.GetString(3), reader.GetFieldValue<string[]>(4), reader.GetFieldValue<string[]>(5),
            new Measurements(reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetDouble(9), reader.GetDouble(10)),
            reader.GetString(11), reader.GetString(12), reader.GetString(13), reader.GetString(14), reader.GetString(15), reader.GetString(16),
            reader.GetFieldValue<string[]>(17), reader.GetString(18), reader.GetString(19));
        var relic = new RelicRecord(reader.GetGuid(0), reader.GetGuid(1), description, (RelicGrade)reader.GetInt16(20), (RelicStatus)reader.GetInt16(21),
            reader.GetString(22), custody, reader.IsDBNull(23) ? null : reader.GetFieldValue<DateTimeOffset>(23), reader.GetInt64(24),
            reader.GetFieldValue<DateTimeOffset>(25), reader.GetFieldValue<DateTimeOffset>(26));
        return (relic, reader.GetFieldValue<string[]>(27));
    }

    /// <summary>The matching columns of a relic (see <see cref="MatchColumns"/>) as the next five parameters.</summary>
    public static void AddMatchParameters(NpgsqlCommand command, ObjectDescription description, CjkMode mode)
    {
        var columns = MatchColumns.Of(description, mode);
        command.Parameters.Add(new NpgsqlParameter { Value = columns.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = columns.Terms.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = columns.ObjectType });
        command.Parameters.Add(new NpgsqlParameter { Value = columns.Materials.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = columns.Period });
    }
}
