namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>The "role" claim of API.md.</summary>
public static class SuiteRoles
{
    /// <summary>The national working group: every scope, every province.</summary>
    public const string National = "national";

    /// <summary>A provincial special team: only inside its "province" claim.</summary>
    public const string Provincial = "provincial";

    /// <summary>Another agency's system: every province, but only the scopes its token lists.</summary>
    public const string Integration = "integration";

    /// <summary>A suite service calling another (Cases asking Sites): every province, its token's scopes.</summary>
    public const string Service = "service";

    public static IReadOnlyList<string> All { get; } = [National, Provincial, Integration, Service];
}
