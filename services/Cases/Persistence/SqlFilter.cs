using Npgsql;
using NpgsqlTypes;

namespace RelicSecurity.Cases.Persistence;

/// <summary>Builds a WHERE clause of positional parameters from optional filters ("{0}" in a condition = its next parameter).</summary>
internal sealed class SqlFilter
{
    private readonly List<string> _conditions = [];
    private readonly List<NpgsqlParameter> _parameters = [];

    public string Where => _conditions.Count == 0 ? "TRUE" : string.Join(" AND ", _conditions);

    public void Add(string condition, object value, NpgsqlDbType type) =>
        AddMany(condition, (value, type));

    public void Add(string condition, object first, NpgsqlDbType firstType, object second, NpgsqlDbType secondType) =>
        AddMany(condition, (first, firstType), (second, secondType));

    public void AddParametersTo(NpgsqlCommand command)
    {
        foreach (var parameter in _parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter.Value, NpgsqlDbType = parameter.NpgsqlDbType });
        }
    }

    private void AddMany(string condition, params (object Value, NpgsqlDbType Type)[] values)
    {
        var names = new object[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            _parameters.Add(new NpgsqlParameter { Value = values[i].Value, NpgsqlDbType = values[i].Type });
            names[i] = "$" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _conditions.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, names));
    }
}
