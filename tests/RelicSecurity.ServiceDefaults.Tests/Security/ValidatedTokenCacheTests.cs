using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using RelicSecurity.ServiceDefaults.Security;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Security;

/// <summary>The validated-token cache in front of JwtBearer's RS256 check: faster, never more permissive.</summary>
public sealed class ValidatedTokenCacheTests : IDisposable
{
    private const string Issuer = "relic-cache-test";
    private const string Audience = "relic-suite";

    private readonly RSA _key = RSA.Create(2048);
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly TokenValidationParameters _parameters;
    private readonly SuiteTokenIssuer _issuer;

    public ValidatedTokenCacheTests()
    {
        _parameters = SuiteAuthenticationExtensions.ValidationParameters(new SuiteAuthOptions
        {
            Issuer = Issuer, Audience = Audience, PublicKey = _key.ExportSubjectPublicKeyInfoPem(),
        });
        SuiteAuthenticationExtensions.UseClock(_parameters, _time);
        _issuer = new SuiteTokenIssuer(_key, Issuer, Audience, _time);
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task A_token_found_valid_is_answered_from_the_cache_afterwards()
    {
        var handler = Handler();
        var token = Token(TimeSpan.FromMinutes(10));

        var first = await handler.ValidateTokenAsync(token, _parameters);
        var cached = handler.Cache.TryGet(token, out var second);

        first.IsValid.ShouldBeTrue();
        cached.ShouldBeTrue();
        second.IsValid.ShouldBeTrue();
        second.ClaimsIdentity.FindFirst("sub")!.Value.ShouldBe("team-zj");
        second.ClaimsIdentity.FindFirst("province")!.Value.ShouldBe("330000");
        handler.Cache.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_cached_token_is_refused_once_it_has_expired()
    {
        var handler = Handler();
        var token = Token(TimeSpan.FromMinutes(5));
        (await handler.ValidateTokenAsync(token, _parameters)).IsValid.ShouldBeTrue();

        _time.Advance(TimeSpan.FromMinutes(10));
        var later = await handler.ValidateTokenAsync(token, _parameters);

        later.IsValid.ShouldBeFalse();
        later.Exception.ShouldBeOfType<SecurityTokenInvalidLifetimeException>();
        handler.Cache.Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_cache_entry_ends_at_the_tokens_own_expiry()
    {
        var handler = Handler();
        var token = Token(TimeSpan.FromMinutes(5));
        await handler.ValidateTokenAsync(token, _parameters);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var justBefore = handler.Cache.TryGet(token, out _);
        _time.Advance(TimeSpan.FromSeconds(1));
        var atExpiry = handler.Cache.TryGet(token, out _);

        justBefore.ShouldBeTrue();
        atExpiry.ShouldBeFalse();
    }

    [Fact]
    public async Task A_token_with_a_bad_signature_is_never_cached()
    {
        var handler = Handler();
        using var otherKey = RSA.Create(2048);
        var forged = new SuiteTokenIssuer(otherKey, Issuer, Audience, _time).Issue(Claims, TimeSpan.FromMinutes(10));

        var first = await handler.ValidateTokenAsync(forged, _parameters);
        var second = await handler.ValidateTokenAsync(forged, _parameters);

        first.IsValid.ShouldBeFalse();
        second.IsValid.ShouldBeFalse();
        second.Exception.ShouldBeAssignableTo<SecurityTokenSignatureKeyNotFoundException>();
        handler.Cache.TryGet(forged, out _).ShouldBeFalse();
        handler.Cache.Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_token_that_differs_from_a_cached_one_only_in_its_signature_is_refused()
    {
        var handler = Handler();
        var token = Token(TimeSpan.FromMinutes(10));
        await handler.ValidateTokenAsync(token, _parameters);
        var signature = token[(token.LastIndexOf('.') + 1)..];
        var tampered = token[..(token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

        var result = await handler.ValidateTokenAsync(tampered, _parameters);

        result.IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task The_cache_never_holds_more_than_its_capacity_and_makes_room_from_expired_entries()
    {
        var handler = Handler(capacity: 2);
        var shortLived = Token(TimeSpan.FromMinutes(1));
        var longLived = Token(TimeSpan.FromMinutes(30));
        var third = Token(TimeSpan.FromMinutes(30), subject: "third");
        await handler.ValidateTokenAsync(shortLived, _parameters);
        await handler.ValidateTokenAsync(longLived, _parameters);

        var whenFull = await handler.ValidateTokenAsync(third, _parameters);
        var thirdCachedWhenFull = handler.Cache.TryGet(third, out _);
        _time.Advance(TimeSpan.FromMinutes(2));
        await handler.ValidateTokenAsync(third, _parameters);

        whenFull.IsValid.ShouldBeTrue();
        thirdCachedWhenFull.ShouldBeFalse();
        handler.Cache.TryGet(third, out _).ShouldBeTrue();
        handler.Cache.TryGet(longLived, out _).ShouldBeTrue();
        handler.Cache.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Each_cached_answer_has_its_own_identity()
    {
        var handler = Handler();
        var token = Token(TimeSpan.FromMinutes(10));
        await handler.ValidateTokenAsync(token, _parameters);

        handler.Cache.TryGet(token, out var first);
        first.ClaimsIdentity.AddClaim(new Claim("role", SuiteRoles.National));
        handler.Cache.TryGet(token, out var second);

        second.ClaimsIdentity.FindAll("role").Select(c => c.Value).ShouldBe([SuiteRoles.Provincial]);
    }

    private static SuiteTokenClaims Claims => new("team-zj", SuiteRoles.Provincial, "330000", [SuiteScopes.SitesRead]);

    private CachingJsonWebTokenHandler Handler(int capacity = 100) => new(new ValidatedTokenCache(capacity, _time));

    private string Token(TimeSpan lifetime, string subject = "team-zj") =>
        _issuer.Issue(Claims with { Subject = subject }, lifetime);
}
