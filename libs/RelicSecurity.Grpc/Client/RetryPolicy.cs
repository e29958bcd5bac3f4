namespace RelicSecurity.Grpc;

/// <summary>
/// Retries of UNAVAILABLE for idempotent calls only (proto idempotency_level, or CallOptions.IsIdempotent):
/// exponential backoff with full jitter, never past the call's deadline.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>Attempts including the first (1 disables retries).</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public double BackoffMultiplier { get; set; } = 2;

    internal TimeSpan Backoff(int retry)
    {
        var ceiling = Math.Min(InitialBackoff.TotalMilliseconds * Math.Pow(BackoffMultiplier, retry - 1), MaxBackoff.TotalMilliseconds);
#pragma warning disable CA5394 // jitter, not security
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
#pragma warning restore CA5394
    }
}
