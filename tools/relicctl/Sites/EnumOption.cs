using System.CommandLine;

namespace RelicSecurity.Cli.Sites;

/// <summary>An option whose value is a contract enum, typed the way <see cref="EnumText"/> reads it.</summary>
public static class EnumOption
{
    public static Option<TEnum> Create<TEnum>(string name, string description) where TEnum : struct, Enum => new(name)
    {
        Description = $"{description} ({EnumText.Choices<TEnum>()})",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (EnumText.TryParse<TEnum>(text, out var value))
            {
                return value;
            }

            result.AddError($"{name}: \"{text}\" is not one of {EnumText.Choices<TEnum>()}");
            return default;
        },
    };
}
