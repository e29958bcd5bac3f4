namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>
/// The "Auth" configuration section shared by the gateway and every service. Either a public key
/// (local runs: <see cref="PublicKeyPath"/> written by the app host, or <see cref="PublicKey"/> inline)
/// or an OIDC <see cref="Authority"/> whose JWKS is fetched (real deployments); never both.
/// </summary>
public sealed class SuiteAuthOptions
{
    public const string Section = "Auth";

    /// <summary>The "iss" every token must carry.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The "aud" every token must carry: the suite as a whole, so a caller's token can be forwarded service to service.</summary>
    public string Audience { get; set; } = "";

    /// <summary>PEM file of the RS256 public key (SubjectPublicKeyInfo).</summary>
    public string? PublicKeyPath { get; set; }

    /// <summary>The same PEM inline (tests, or a secret store that hands out values rather than files).</summary>
    public string? PublicKey { get; set; }

    /// <summary>OIDC authority whose discovery document names the JWKS.</summary>
    public string? Authority { get; set; }

    /// <summary>Only for an authority on a development machine without TLS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerance for clocks that disagree; small, since tokens are short-lived.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many validated tokens each process remembers (by hash, until each one's expiry) so that a caller's
    /// next calls skip the RS256 check; 0 turns the cache off.
    /// </summary>
    public int TokenCacheSize { get; set; } = 10_000;
}
