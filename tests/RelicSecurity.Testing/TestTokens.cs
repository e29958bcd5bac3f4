using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Testing;

/// <summary>
/// Tokens for tests, signed with a key pair made once per test run. A host under test trusts them after
/// <see cref="Trust"/> (its Auth settings: this run's issuer, audience and public key); clients send one
/// with <see cref="WithToken"/> or <see cref="Headers"/>. The variants that must be refused (expired,
/// wrong issuer, audience or key, unsigned) come from the same place, so a test of refusal differs from
/// a test of acceptance only in the token.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "relic-test";

    public const string Audience = "relic-suite";

    /// <summary>How long the tokens of a test are valid: longer than any test runs.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private static readonly RSA Key = RSA.Create(2048);

    private static readonly SuiteTokenIssuer Signer = new(Key, Issuer, Audience, TimeProvider.System);

    /// <summary>The scopes a provincial team holds unless a test says otherwise (audit is national only).</summary>
    public static IReadOnlyList<string> ProvincialScopes { get; } = [.. SuiteScopes.All.Where(s => s != SuiteScopes.AuditRead)];

    /// <summary>The Auth settings that make a host trust this run's tokens.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        [$"{SuiteAuthOptions.Section}:Issuer"] = Issuer,
        [$"{SuiteAuthOptions.Section}:Audience"] = Audience,
        [$"{SuiteAuthOptions.Section}:PublicKey"] = Key.ExportSubjectPublicKeyInfoPem(),
    };

    /// <summary>Makes a host being configured trust this run's tokens.</summary>
    public static void Trust(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var (key, value) in Settings)
        {
            configuration[key] = value;
        }
    }

    /// <summary>The national working group: every scope, every province.</summary>
    public static string National(string subject = "national-test") =>
        Issue(new SuiteTokenClaims(subject, SuiteRoles.National, null, []));

    /// <summary>A provincial team of <paramref name="province"/>, with the given scopes or else <see cref="ProvincialScopes"/>.</summary>
    public static string Provincial(string province, params string[] scopes) =>
        Issue(new SuiteTokenClaims($"provincial-{province}-test", SuiteRoles.Provincial, province, scopes.Length > 0 ? scopes : ProvincialScopes));

    /// <summary>Another agency's system: every province, only these scopes.</summary>
    public static string Integration(params string[] scopes) =>
        Issue(new SuiteTokenClaims("integration-test", SuiteRoles.Integration, null, scopes));

    /// <summary>
    /// A national token issued by <paramref name="clock"/>: for a host whose time a test moves, which judges a token's
    /// lifetime by its own clock and so refuses tokens issued at the real now once moved a year on.
    /// </summary>
    public static string NationalAt(TimeProvider clock, string subject = "national-test") =>
        new SuiteTokenIssuer(Key, Issuer, Audience, clock).Issue(new SuiteTokenClaims(subject, SuiteRoles.National, null, []), Lifetime);

    /// <summary>A provincial token issued by <paramref name="clock"/> (see <see cref="NationalAt"/>).</summary>
    public static string ProvincialAt(TimeProvider clock, string province) =>
        new SuiteTokenIssuer(Key, Issuer, Audience, clock).Issue(
            new SuiteTokenClaims($"provincial-{province}-test", SuiteRoles.Provincial, province, ProvincialScopes), Lifetime);

    /// <summary>Any claims, valid for <see cref="Lifetime"/>.</summary>
    public static string Issue(SuiteTokenClaims claims) => Signer.Issue(claims, Lifetime);

    /// <summary>A national token that expired ten minutes ago (well beyond the accepted clock skew).</summary>
    public static string Expired() => Signer.Issue(NationalClaims, TimeSpan.FromMinutes(-10));

    public static string WrongIssuer() => Signer.Issue(NationalClaims, Lifetime, "someone-else", Audience);

    public static string WrongAudience() => Signer.Issue(NationalClaims, Lifetime, Issuer, "another-system");

    /// <summary>Right issuer and audience, signed with a key the host does not trust.</summary>
    public static string WrongSignature()
    {
        using var other = RSA.Create(2048);
        return new SuiteTokenIssuer(other, Issuer, Audience, TimeProvider.System).Issue(NationalClaims, Lifetime);
    }

    /// <summary>A national token with "alg": "none" and no signature.</summary>
    public static string Unsigned() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Claims = new Dictionary<string, object> { ["sub"] = "forger", ["role"] = SuiteRoles.National },
        Expires = DateTime.UtcNow + Lifetime,
    });

    /// <summary>Call headers carrying <paramref name="token"/>.</summary>
    public static Metadata Headers(string token) => new() { { "authorization", "Bearer " + token } };

    /// <summary>An invoker over <paramref name="channel"/> that sends <paramref name="token"/> on every call (for typed clients).</summary>
    public static CallInvoker WithToken(this GrpcChannel channel, string token)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var value = "Bearer " + token;
        return channel.Intercept(headers =>
        {
            headers.Add("authorization", value);
            return headers;
        });
    }

    private static SuiteTokenClaims NationalClaims => new("national-test", SuiteRoles.National, null, []);
}
