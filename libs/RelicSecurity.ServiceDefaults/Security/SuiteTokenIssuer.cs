using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>What a suite token says about its bearer (the claims of API.md).</summary>
public sealed record SuiteTokenClaims(string Subject, string Role, string? Province, IReadOnlyCollection<string> Scopes, string? Name = null);

/// <summary>
/// Signs suite tokens (RS256) with a private key: <c>relicctl token</c> for local runs, and the tests.
/// Real deployments get their tokens from the identity provider instead.
/// </summary>
public sealed class SuiteTokenIssuer(RSA privateKey, string issuer, string audience, TimeProvider time)
{
    // No cached signature provider: IdentityModel caches them process-wide by the key's thumbprint, so a provider built
    // around an RSA instance its owner has since disposed would be handed to the next issuer of the same key (the app
    // host's demo tokens and a test signing in the same process) and fail with ObjectDisposedException.
    private readonly SigningCredentials _credentials = new(new RsaSecurityKey(privateKey), SuiteAuthenticationExtensions.Algorithm)
    {
        CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
    };

    public string Issuer { get; } = issuer;

    public string Audience { get; } = audience;

    /// <summary>A token valid from now for <paramref name="lifetime"/> (negative: already expired, for tests).</summary>
    public string Issue(SuiteTokenClaims claims, TimeSpan lifetime) => Issue(claims, lifetime, Issuer, Audience);

    /// <summary>As <see cref="Issue(SuiteTokenClaims, TimeSpan)"/> with another issuer or audience (tests of their refusal).</summary>
    public string Issue(SuiteTokenClaims claims, TimeSpan lifetime, string issuer, string audience)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + lifetime;
        var values = new Dictionary<string, object>
        {
            ["sub"] = claims.Subject,
            ["role"] = claims.Role,
            ["name"] = claims.Name ?? claims.Subject,
        };
        if (!string.IsNullOrEmpty(claims.Province))
        {
            values["province"] = claims.Province;
        }

        if (claims.Scopes.Count > 0)
        {
            values["scope"] = string.Join(' ', claims.Scopes);
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = values,
            // An expired token must also have been issued before it expired to be well-formed.
            IssuedAt = lifetime < TimeSpan.Zero ? expires - TimeSpan.FromMinutes(1) : now,
            NotBefore = lifetime < TimeSpan.Zero ? expires - TimeSpan.FromMinutes(1) : now,
            Expires = expires,
            SigningCredentials = _credentials,
        });
    }
}
