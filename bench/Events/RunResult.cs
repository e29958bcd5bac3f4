namespace RelicSecurity.Bench.Events;

/// <summary>One row of the results table.</summary>
public sealed record RunResult(string Name, string Offered, int Events, double CommitsPerSecond, double EventsPerSecond,
    double P50Ms, double P99Ms, double MaxMs, int Missing);
