namespace RelicSecurity.Bench.Sites;

public sealed record LatencyResult(string Name, int Calls, int Failures, double P50Ms, double P99Ms, double CallsPerSecond);
