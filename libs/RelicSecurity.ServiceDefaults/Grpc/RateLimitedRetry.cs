using Grpc.Core;
using Grpc.Net.Client.Configuration;

namespace RelicSecurity.ServiceDefaults.Grpc;

/// <summary>
/// The retry a client of the gateway wants: a call the gateway's per-caller rate limit refused (RESOURCE_EXHAUSTED with
/// <c>grpc-retry-pushback-ms</c>) never reached a service, so repeating it after the named wait is safe for every method,
/// writes included. Grpc.Net.Client waits the pushback the gateway sends; a streaming call is repeated only while it has
/// received nothing, so a watch that fell behind (the one RESOURCE_EXHAUSTED a service sends) ends as before.
/// </summary>
public static class RateLimitedRetry
{
    /// <summary>Attempts per call: at the gateway's 1 s refill, enough to ride out a burst another command of the same caller made.</summary>
    public const int MaxAttempts = 5;

    public static ServiceConfig ServiceConfig() => new()
    {
        MethodConfigs =
        {
            new MethodConfig
            {
                Names = { MethodName.Default },
                RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = MaxAttempts,
                    InitialBackoff = TimeSpan.FromMilliseconds(250),
                    MaxBackoff = TimeSpan.FromSeconds(2),
                    BackoffMultiplier = 2,
                    RetryableStatusCodes = { StatusCode.ResourceExhausted },
                },
            },
        },
    };
}
