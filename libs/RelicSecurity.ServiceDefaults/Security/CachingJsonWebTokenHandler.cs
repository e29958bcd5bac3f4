using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>
/// JwtBearer's token handler with <see cref="ValidatedTokenCache"/> in front: a token seen valid before (and
/// not expired since) is answered from the cache; every other token gets the full validation, and only a
/// success is remembered. One handler per authentication scheme, so its cache never answers for other
/// validation parameters.
/// </summary>
public sealed class CachingJsonWebTokenHandler(ValidatedTokenCache cache) : JsonWebTokenHandler
{
    public ValidatedTokenCache Cache { get; } = cache;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (Cache.TryGet(token, out var cached))
        {
            return cached;
        }

        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        Cache.Add(token, result);
        return result;
    }
}
