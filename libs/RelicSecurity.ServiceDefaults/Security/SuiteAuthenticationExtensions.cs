using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>
/// JWT bearer authentication and the suite's authorization policies, the same in the gateway and in
/// every service (each defends itself; the gateway is not trusted to have checked).
/// </summary>
public static class SuiteAuthenticationExtensions
{
    /// <summary>The one signing algorithm accepted: tokens signed otherwise (or "alg": "none") are refused.</summary>
    public const string Algorithm = SecurityAlgorithms.RsaSha256;

    /// <summary>
    /// Adds JwtBearer configured from the "Auth" section (issuer, audience, lifetime and RS256 signature
    /// all validated, claims kept under their JWT names) and the authorization policies: one per scope
    /// (<see cref="SuitePolicies"/>), <see cref="SuitePolicies.National"/>, and a fallback that requires an
    /// authenticated caller on every endpoint that declares nothing, so nothing is open by accident.
    /// Endpoints meant to be open (health, reflection) say so with AllowAnonymous. Missing or contradictory
    /// settings stop the process at start rather than leave it unprotected.
    /// </summary>
    public static IHostApplicationBuilder AddSuiteAuthentication(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(SuiteAuthOptions.Section).Get<SuiteAuthOptions>() ?? new SuiteAuthOptions();
        var validation = ValidationParameters(options);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = validation;
                // Errors go to the log with the token hidden (IdentityModel hides PII unless told otherwise);
                // the caller learns only that it is unauthenticated, not which check failed.
                jwt.IncludeErrorDetails = false;
                if (!string.IsNullOrWhiteSpace(options.Authority))
                {
                    jwt.Authority = options.Authority;
                    jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                }
            });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((jwt, services) => UseTokenCache(jwt, options, services.GetService<TimeProvider>() ?? TimeProvider.System));

        builder.Services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(SuitePolicies.National, policy => policy.RequireAuthenticatedUser().RequireClaim("role", SuiteRoles.National))
            .AddScopePolicies();
        return builder;
    }

    /// <summary>
    /// Lifetimes are judged by the process's TimeProvider (tests move it, and the token cache reads the same
    /// clock), and successful validations are cached per token (<see cref="ValidatedTokenCache"/>) unless
    /// <see cref="SuiteAuthOptions.TokenCacheSize"/> is 0.
    /// </summary>
    private static void UseTokenCache(JwtBearerOptions jwt, SuiteAuthOptions options, TimeProvider time)
    {
        UseClock(jwt.TokenValidationParameters, time);
        if (options.TokenCacheSize > 0)
        {
            jwt.TokenHandlers.Clear();
            jwt.TokenHandlers.Add(new CachingJsonWebTokenHandler(new ValidatedTokenCache(options.TokenCacheSize, time)));
        }
    }

    /// <summary>
    /// Lifetime validation against <paramref name="time"/> instead of IdentityModel's own reading of the system
    /// clock, with its rules: an expiry is required, and the token counts from "nbf" to "exp", each widened by
    /// the clock skew.
    /// </summary>
    public static void UseClock(TokenValidationParameters parameters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(time);
        parameters.LifetimeValidator = (notBefore, expires, _, checks) =>
        {
            if (expires is not { } exp || (notBefore is { } before && before > exp))
            {
                return false;
            }

            var now = time.GetUtcNow().UtcDateTime;
            return (notBefore is not { } nbf || nbf.ToUniversalTime() <= now + checks.ClockSkew)
                && exp.ToUniversalTime() > now - checks.ClockSkew;
        };
    }

    private static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var scope in SuiteScopes.All)
        {
            authorization.AddPolicy(SuiteScopes.Policy(scope),
                policy => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)));
        }

        return authorization;
    }

    /// <summary>The checks every token passes, from the configured issuer, audience and key source.</summary>
    public static TokenValidationParameters ValidationParameters(SuiteAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            throw new InvalidOperationException(
                "Auth:Issuer and Auth:Audience are required (set Auth__Issuer and Auth__Audience); the suite does not run without token validation.");
        }

        var keySources = new[] { options.PublicKeyPath, options.PublicKey, options.Authority }.Count(s => !string.IsNullOrWhiteSpace(s));
        if (keySources != 1)
        {
            throw new InvalidOperationException(
                "Exactly one of Auth:PublicKeyPath, Auth:PublicKey or Auth:Authority must be set (local key or OIDC authority).");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [Algorithm],
            ClockSkew = options.ClockSkew,
            NameClaimType = "sub",
            RoleClaimType = "role",
        };
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            var pem = string.IsNullOrWhiteSpace(options.PublicKey) ? File.ReadAllText(options.PublicKeyPath!) : options.PublicKey;
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            parameters.IssuerSigningKey = new RsaSecurityKey(rsa);
        }

        return parameters;
    }
}
