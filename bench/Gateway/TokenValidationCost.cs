using System.Diagnostics;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;

namespace RelicSecurity.Bench.Gateway;

/// <summary>
/// What one token validation costs with the suite's parameters: IdentityModel's handler alone (RS256 verified every
/// time) against the suite's caching handler (verified once, then a hash lookup). Both hops of a call through the
/// gateway pay one validation each.
/// </summary>
public static class TokenValidationCost
{
    public static async Task<(double UncachedMicroseconds, double CachedMicroseconds)> MeasureAsync(string token, int validations)
    {
        var parameters = SuiteAuthenticationExtensions.ValidationParameters(new SuiteAuthOptions
        {
            Issuer = TestTokens.Issuer,
            Audience = TestTokens.Audience,
            PublicKey = TestTokens.Settings[$"{SuiteAuthOptions.Section}:PublicKey"],
        });
        SuiteAuthenticationExtensions.UseClock(parameters, TimeProvider.System);
        var uncached = await MicrosecondsPerValidationAsync(new JsonWebTokenHandler(), token, parameters, validations);
        var cached = await MicrosecondsPerValidationAsync(
            new CachingJsonWebTokenHandler(new ValidatedTokenCache(100, TimeProvider.System)), token, parameters, validations);
        return (uncached, cached);
    }

    private static async Task<double> MicrosecondsPerValidationAsync(JsonWebTokenHandler handler, string token,
        TokenValidationParameters parameters, int validations)
    {
        for (var i = 0; i < 200; i++)
        {
            await handler.ValidateTokenAsync(token, parameters);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < validations; i++)
        {
            var result = await handler.ValidateTokenAsync(token, parameters);
            if (!result.IsValid)
            {
                throw new InvalidOperationException("The bench token was refused.", result.Exception);
            }
        }

        return watch.Elapsed.TotalMicroseconds / validations;
    }
}
