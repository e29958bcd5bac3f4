using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.Gateway.Routing;

namespace RelicSecurity.Gateway.Limits;

/// <summary>
/// ASP.NET Core rate limiting partitioned by caller: a token bucket of calls per second and a cap on open
/// calls, both per "sub", so one busy integrator cannot starve the others. A refused call is answered
/// as gRPC RESOURCE_EXHAUSTED with <c>grpc-retry-pushback-ms</c> (and <c>retry-after-ms</c>) saying when to retry.
/// </summary>
public static class CallerRateLimiting
{
    public const int ResourceExhausted = 8;

    /// <summary>Hint for a caller refused by the open-calls cap, which has no refill time to tell.</summary>
    public static readonly TimeSpan ConcurrencyRetryHint = TimeSpan.FromMilliseconds(500);

    public static IHostApplicationBuilder AddCallerRateLimits(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var limits = builder.Configuration.GetSection(CallerLimitOptions.Section).Get<CallerLimitOptions>() ?? new CallerLimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetTokenBucketLimiter(
                    CallerOf(context), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limits.Burst,
                        TokensPerPeriod = limits.RequestsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })),
                PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetConcurrencyLimiter(
                    CallerOf(context), _ => new ConcurrencyLimiterOptions { PermitLimit = limits.ConcurrentCalls, QueueLimit = 0 })));
            options.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : ConcurrencyRetryHint;
                Refuse(rejected.HttpContext.Response, retryAfter);
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }

    /// <summary>The partition of a call: its token's subject, else (no token) its remote address.</summary>
    public static string CallerOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity?.IsAuthenticated == true && context.User.FindFirst("sub")?.Value is { Length: > 0 } subject
            ? "sub:" + subject
            : "addr:" + context.Connection.RemoteIpAddress;
    }

    /// <summary>A trailers-only gRPC answer: RESOURCE_EXHAUSTED, and when to try again.</summary>
    private static void Refuse(HttpResponse response, TimeSpan retryAfter)
    {
        var milliseconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ResourceExhausted.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = GrpcProxyFailures.PercentEncode($"rate limit of this caller exceeded; retry in {milliseconds} ms");
        response.Headers["grpc-retry-pushback-ms"] = milliseconds;
        response.Headers["retry-after-ms"] = milliseconds;
    }
}
