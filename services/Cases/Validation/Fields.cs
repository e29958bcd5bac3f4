using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Cases.Validation;

/// <summary>Checks shared by the requests of CaseService: ids, provinces, enums, text lengths, paging.</summary>
public static class Fields
{
    public const int MaxTitle = 500;
    public const int MaxText = 20_000;
    public const int MaxRequestId = 200;
    public const int MaxSites = 100;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int DefaultMatchLimit = 10;
    public const int MaxMatchLimit = 100;

    public static Guid Id(string value, string field, FieldErrors errors, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Add(field, "is required");
            }

            return Guid.Empty;
        }

        if (!Guid.TryParse(value, out var id))
        {
            errors.Add(field, $"\"{value}\" is not an id issued by this service");
        }

        return id;
    }

    public static void Province(string value, string field, FieldErrors errors, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Add(field, "is required (a 6-digit GB/T 2260 provincial code)");
            }
        }
        else if (!ProvinceCodes.IsValid(value))
        {
            errors.Add(field, $"\"{value}\" is not one of the 31 provincial-level codes");
        }
    }

    /// <summary>A proto enum value that must be one of the listed ones (0 = unspecified).</summary>
    public static void Enum<TEnum>(TEnum value, string field, FieldErrors errors, bool required)
        where TEnum : struct, System.Enum
    {
        ArgumentNullException.ThrowIfNull(errors);
        var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        if (number == 0)
        {
            if (required)
            {
                errors.Add(field, "is required");
            }
        }
        else if (!System.Enum.IsDefined(value))
        {
            errors.Add(field, $"{number} is not a known value");
        }
    }

    public static void Text(string value, string field, int max, FieldErrors errors, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "is required");
        }
        else if (value.Length > max)
        {
            errors.Add(field, $"is longer than {max} characters");
        }
    }

    public static int PageSize(int value, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value < 0 || value > MaxPageSize)
        {
            errors.Add("page_size", $"must be between 0 (default {DefaultPageSize}) and {MaxPageSize}");
        }

        return value == 0 ? DefaultPageSize : value;
    }
}
