using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Inspections.Domain;

/// <summary>
/// Which provinces' records a caller may see: every province (Only is null) or just one. A caller who
/// reaches nothing (a provincial token without a province, an unknown role) gets an Only no record has.
/// </summary>
public sealed record ProvinceReach(string? Only)
{
    /// <summary>Reach of internal work that acts for no caller (the overdue scan, the RISK_TRIGGERED rule).</summary>
    public static ProvinceReach Everywhere { get; } = new((string?)null);

    public static ProvinceReach Of(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.CanReach(null) || caller.Role is SuiteRoles.National or SuiteRoles.Integration or SuiteRoles.Service)
        {
            return Everywhere;
        }

        return new ProvinceReach(caller.RestrictedToProvince is { Length: > 0 } province ? province : "");
    }

    public bool Allows(string province) => Only is null || string.Equals(Only, province, StringComparison.Ordinal);
}
