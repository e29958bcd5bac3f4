using System.Globalization;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Sites.Domain;

namespace RelicSecurity.Sites.Validation;

/// <summary>API.md's input rules for sites and site queries. Each check names the field it refers to.</summary>
public static class SiteValidator
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const double MaxRadiusKm = 2000;
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 200;
    public const int MaxPhoneLength = 40;
    public const int MaxRequestIdLength = 128;
    public const int MaxBatchGet = 500;

    /// <summary>Checks the client-writable fields of a site (risk fields are server-computed and ignored).</summary>
    public static void CheckSite(Site? site, FieldErrors errors, string prefix = "site")
    {
        if (site is null)
        {
            errors.Add(prefix, "is required");
            return;
        }

        if (string.IsNullOrWhiteSpace(site.Name))
        {
            errors.Add($"{prefix}.name", "is required");
        }
        else if (site.Name.Length > MaxNameLength)
        {
            errors.Add($"{prefix}.name", $"is longer than {MaxNameLength} characters");
        }

        CheckProvince(site.ProvinceCode, required: true, errors, $"{prefix}.province_code");

        if (site.Category == SiteCategory.Unspecified)
        {
            errors.Add($"{prefix}.category", "is required (SITE_CATEGORY_UNSPECIFIED)");
        }
        else if (!Enum.IsDefined(site.Category))
        {
            errors.Add($"{prefix}.category", $"{(int)site.Category} is not a SiteCategory");
        }

        if (site.ProtectionLevel == ProtectionLevel.Unspecified)
        {
            errors.Add($"{prefix}.protection_level", "is required (PROTECTION_LEVEL_UNSPECIFIED)");
        }
        else if (!Enum.IsDefined(site.ProtectionLevel))
        {
            errors.Add($"{prefix}.protection_level", $"{(int)site.ProtectionLevel} is not a ProtectionLevel");
        }

        CheckLatitude(site.Latitude, errors, $"{prefix}.latitude");
        CheckLongitude(site.Longitude, errors, $"{prefix}.longitude");
        CheckLength(site.County, MaxTextLength, errors, $"{prefix}.county");
        CheckLength(site.CustodianUnit, MaxTextLength, errors, $"{prefix}.custodian_unit");
        CheckLength(site.ResponsiblePerson, MaxTextLength, errors, $"{prefix}.responsible_person");
        CheckPhone(site.ResponsiblePhone, errors, $"{prefix}.responsible_phone");
    }

    public static void CheckRequestId(string requestId, FieldErrors errors, string field = "request_id")
    {
        if (requestId.Length > MaxRequestIdLength)
        {
            errors.Add(field, $"is longer than {MaxRequestIdLength} characters");
        }
    }

    public static void CheckProvince(string code, bool required, FieldErrors errors, string field)
    {
        if (string.IsNullOrEmpty(code))
        {
            if (required)
            {
                errors.Add(field, "is required");
            }
        }
        else if (!ProvinceCodes.IsValid(code))
        {
            errors.Add(field, $"\"{Shorten(code)}\" is not one of the 31 provincial-level GB/T 2260 codes (e.g. \"610000\")");
        }
    }

    public static void CheckLatitude(double latitude, FieldErrors errors, string field)
    {
        if (!double.IsFinite(latitude) || latitude < -90 || latitude > 90)
        {
            errors.Add(field, $"{Format(latitude)} is outside -90..90");
        }
    }

    public static void CheckLongitude(double longitude, FieldErrors errors, string field)
    {
        if (!double.IsFinite(longitude) || longitude < -180 || longitude > 180)
        {
            errors.Add(field, $"{Format(longitude)} is outside -180..180");
        }
    }

    /// <summary>Page size: 0 means the default; negative or over the maximum is refused.</summary>
    public static int CheckPageSize(int pageSize, FieldErrors errors, string field = "page_size")
    {
        if (pageSize < 0 || pageSize > MaxPageSize)
        {
            errors.Add(field, $"{pageSize} is outside 0..{MaxPageSize} (0 means {DefaultPageSize})");
            return DefaultPageSize;
        }

        return pageSize == 0 ? DefaultPageSize : pageSize;
    }

    public static void CheckListFilters(ListSitesRequest request, FieldErrors errors)
    {
        CheckProvince(request.ProvinceCode, required: false, errors, "province_code");
        if (!Enum.IsDefined(request.Category))
        {
            errors.Add("category", $"{(int)request.Category} is not a SiteCategory");
        }

        if (!Enum.IsDefined(request.ProtectionLevel))
        {
            errors.Add("protection_level", $"{(int)request.ProtectionLevel} is not a ProtectionLevel");
        }

        if (!Enum.IsDefined(request.MinRiskLevel))
        {
            errors.Add("min_risk_level", $"{(int)request.MinRiskLevel} is not a RiskLevel");
        }

        CheckLength(request.NameQuery, MaxNameLength, errors, "name_query");
    }

    public static void CheckNearby(SearchSitesNearbyRequest request, FieldErrors errors)
    {
        CheckLatitude(request.Latitude, errors, "latitude");
        CheckLongitude(request.Longitude, errors, "longitude");
        if (!double.IsFinite(request.RadiusKm) || request.RadiusKm <= 0 || request.RadiusKm > MaxRadiusKm)
        {
            errors.Add("radius_km", $"{Format(request.RadiusKm)} is outside (0, {MaxRadiusKm.ToString(CultureInfo.InvariantCulture)}]");
        }

        if (!Enum.IsDefined(request.Category))
        {
            errors.Add("category", $"{(int)request.Category} is not a SiteCategory");
        }

        if (!Enum.IsDefined(request.MinRiskLevel))
        {
            errors.Add("min_risk_level", $"{(int)request.MinRiskLevel} is not a RiskLevel");
        }
    }

    public static int CheckLimit(int limit, FieldErrors errors) => CheckPageSize(limit, errors, "limit");

    private static void CheckLength(string value, int max, FieldErrors errors, string field)
    {
        if (value.Length > max)
        {
            errors.Add(field, $"is longer than {max} characters");
        }
    }

    private static void CheckPhone(string phone, FieldErrors errors, string field)
    {
        if (phone.Length > MaxPhoneLength)
        {
            errors.Add(field, $"is longer than {MaxPhoneLength} characters");
            return;
        }

        foreach (var c in phone)
        {
            if (!(char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')'))
            {
                errors.Add(field, "may contain only digits, spaces and + - ( )");
                return;
            }
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Shorten(string value) => value.Length <= 20 ? value : value[..20] + "…";
}
