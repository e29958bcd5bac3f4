using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace RelicSecurity.ServiceDefaults.Persistence;

/// <summary>Conditions joined with AND plus their positional parameters ($1, $2 ...), for dynamic WHERE clauses.</summary>
public sealed class SqlFilter
{
    private readonly List<string> _conditions = [];

    public List<NpgsqlParameter> Parameters { get; } = [];

    public string Where => _conditions.Count == 0 ? "TRUE" : string.Join(" AND ", _conditions);

    public string Parameter(object value, NpgsqlDbType? type = null)
    {
        var parameter = new NpgsqlParameter { Value = value };
        if (type is { } t)
        {
            parameter.NpgsqlDbType = t;
        }

        Parameters.Add(parameter);
        return "$" + Parameters.Count.ToString(CultureInfo.InvariantCulture);
    }

    public void Add(string condition) => _conditions.Add(condition);

    public SqlFilter Copy()
    {
        var copy = new SqlFilter();
        copy._conditions.AddRange(_conditions);
        copy.Parameters.AddRange(Parameters.Select(p => p.Clone()));
        return copy;
    }
}
