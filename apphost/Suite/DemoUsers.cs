using RelicSecurity.LocalInfrastructure;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.AppHost.Suite;

/// <summary>
/// Tokens for the demo users printed when the suite is up: the national working group and one provincial team, signed
/// with this data directory's local key (what <c>relicctl token</c> would print), valid for a working day.
/// </summary>
internal sealed record DemoUsers(string National, string Provincial)
{
    /// <summary>Shaanxi: many sites in the demo data, and a province whose view shows the reach rule at once.</summary>
    public const string ProvincialProvince = "610000";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static DemoUsers Issue(LocalSigningKey key, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var privateKey = key.LoadPrivateKey();
        var issuer = new SuiteTokenIssuer(privateKey, LocalSigningKey.LocalIssuer, LocalSigningKey.SuiteAudience, time);
        return new DemoUsers(
            issuer.Issue(new SuiteTokenClaims("demo-national", SuiteRoles.National, null, [.. SuiteScopes.All], "Demo national user"), Lifetime),
            issuer.Issue(new SuiteTokenClaims($"demo-{ProvincialProvince}", SuiteRoles.Provincial, ProvincialProvince,
                [.. SuiteScopes.All.Where(s => s != SuiteScopes.AuditRead)], "Demo provincial user (Shaanxi)"), Lifetime));
    }
}
