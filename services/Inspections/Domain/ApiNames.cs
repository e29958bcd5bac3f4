using System.Text;

namespace RelicSecurity.Inspections.Domain;

/// <summary>
/// The API.md name of a domain enum value, as events carry it: InProgress → "IN_PROGRESS",
/// SignsOfIllegalExcavation → "SIGNS_OF_ILLEGAL_EXCAVATION" (the proto value without its prefix).
/// </summary>
public static class ApiNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var result = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                result.Append('_');
            }

            result.Append(char.ToUpperInvariant(name[i]));
        }

        return result.ToString();
    }
}
