using System.Text;

namespace RelicSecurity.Cases.Domain;

/// <summary>
/// The API.md spelling of a domain enum value (the proto value name without its prefix: "SUSPECTS_DETAINED",
/// "GRADE_1"), used in events, audit entries and messages so every consumer sees one vocabulary.
/// </summary>
public static class EnumNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var result = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = i > 0 && (char.IsUpper(c) || (char.IsDigit(c) && !char.IsDigit(name[i - 1])));
            if (startsWord)
            {
                result.Append('_');
            }

            result.Append(char.ToUpperInvariant(c));
        }

        return result.ToString();
    }
}
