namespace RelicSecurity.Gateway.Limits;

/// <summary>
/// Per-caller limits at the gateway ("Gateway:Limits"). A caller is the token's "sub"; calls without a
/// token (health, reflection) share a partition per remote address.
/// </summary>
public sealed class CallerLimitOptions
{
    public const string Section = "Gateway:Limits";

    /// <summary>Calls a caller may start per second, sustained.</summary>
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>Calls a caller may start at once after a quiet period (token bucket size).</summary>
    public int Burst { get; set; } = 400;

    /// <summary>Calls (HTTP/2 streams) a caller may have open at once, long-lived watches included.</summary>
    public int ConcurrentCalls { get; set; } = 64;
}
