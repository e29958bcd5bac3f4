using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>
/// Tokens that passed every check (signature, issuer, audience, lifetime), remembered until they expire, so
/// a caller that sends the same token on every call pays the RS256 signature check (tens of microseconds)
/// once rather than per call. Only successes are kept: a token that failed is checked in full every time,
/// so a forged signature can never be served from here. Keys are SHA-256 hashes of the token, so the cache
/// holds no bearer token that a heap dump could replay. An entry lives no longer than its token: one read
/// at or after the token's own expiry is a miss, and the full validation that follows refuses it as any
/// expired token is refused. The size is bounded: when full, expired entries are swept, and if the cache
/// is still full the new token is validated but not kept.
/// </summary>
public sealed class ValidatedTokenCache
{
    private readonly ConcurrentDictionary<TokenHash, Entry> _entries = new();
    private readonly Lock _sweep = new();
    private readonly TimeProvider _time;
    private int _count;

    public ValidatedTokenCache(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(time);
        Capacity = capacity;
        _time = time;
    }

    public int Capacity { get; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>A fresh result for a token that was valid when cached and has not expired since.</summary>
    public bool TryGet(string token, out TokenValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(token);
        var key = TokenHash.Of(token);
        if (_entries.TryGetValue(key, out var entry))
        {
            if (_time.GetUtcNow() < entry.NotAfter)
            {
                // A copy: claims transformations may add to the identity of one request, never to the next one's.
                result = new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = entry.Token,
                    ClaimsIdentity = entry.Identity.Clone(),
                    Issuer = entry.Issuer,
                    TokenType = entry.TokenType,
                };
                return true;
            }

            Remove(key, entry);
        }

        result = null!;
        return false;
    }

    /// <summary>Keeps a successful validation until the token's expiry; anything else is ignored.</summary>
    public void Add(string token, TokenValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsValid || result.SecurityToken is not { } securityToken || result.ClaimsIdentity is not { } identity)
        {
            return;
        }

        var expires = securityToken.ValidTo;
        var now = _time.GetUtcNow();
        // No "exp" (ValidTo is MinValue) or already past it (accepted within the clock skew): nothing to gain, never kept.
        if (expires == DateTime.MinValue || new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)) <= now)
        {
            return;
        }

        if (Count >= Capacity && !SweepExpired(now))
        {
            return;
        }

        var entry = new Entry(securityToken, identity.Clone(), result.Issuer, result.TokenType,
            new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)));
        if (_entries.TryAdd(TokenHash.Of(token), entry))
        {
            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>Drops every expired entry; true when that made room.</summary>
    private bool SweepExpired(DateTimeOffset now)
    {
        lock (_sweep)
        {
            foreach (var (key, entry) in _entries)
            {
                if (entry.NotAfter <= now)
                {
                    Remove(key, entry);
                }
            }

            return Count < Capacity;
        }
    }

    private void Remove(TokenHash key, Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<TokenHash, Entry>(key, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed record Entry(SecurityToken Token, ClaimsIdentity Identity, string? Issuer, string? TokenType, DateTimeOffset NotAfter);

    /// <summary>The SHA-256 of a token's UTF-8 text as two 128-bit halves: a cheap key that is not the token.</summary>
    private readonly record struct TokenHash(UInt128 High, UInt128 Low)
    {
        public static TokenHash Of(string token)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            var length = Encoding.UTF8.GetByteCount(token);
            if (length <= 4096)
            {
                Span<byte> utf8 = stackalloc byte[length];
                Encoding.UTF8.GetBytes(token, utf8);
                SHA256.HashData(utf8, hash);
            }
            else
            {
                SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
            }

            return new TokenHash(MemoryMarshal.Read<UInt128>(hash), MemoryMarshal.Read<UInt128>(hash[16..]));
        }
    }
}
