using System.Security.Claims;

namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>
/// Who is calling, read once from the validated token's claims (sub, role, province, scope).
/// The rules of API.md live here so every service applies them the same way.
/// </summary>
public sealed record Caller(string Subject, string Role, string? Province, IReadOnlySet<string> Scopes)
{
    public bool IsNational => Role == SuiteRoles.National;

    /// <summary>A provincial caller's province; null for roles that reach every province.</summary>
    public string? RestrictedToProvince => Role == SuiteRoles.Provincial ? Province : null;

    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var scopes = (user.FindFirst("scope")?.Value ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        return new Caller(user.FindFirst("sub")?.Value ?? "", user.FindFirst("role")?.Value ?? "",
            user.FindFirst("province")?.Value, scopes);
    }

    /// <summary>National callers hold every scope; everyone else only those their token lists.</summary>
    public bool HasScope(string scope) => IsNational || Scopes.Contains(scope);

    /// <summary>
    /// Whether a record of this province is inside the caller's reach. A provincial token without a
    /// province reaches nothing; an unknown role reaches nothing.
    /// </summary>
    public bool CanReach(string? province) => Role switch
    {
        SuiteRoles.National or SuiteRoles.Integration or SuiteRoles.Service => true,
        SuiteRoles.Provincial => !string.IsNullOrEmpty(Province) && string.Equals(Province, province, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>A record that belongs to several provinces (a joint case) is reached through any of them.</summary>
    public bool CanReachAny(IEnumerable<string> provinces)
    {
        ArgumentNullException.ThrowIfNull(provinces);
        return provinces.Any(CanReach);
    }
}
