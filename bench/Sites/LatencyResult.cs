namespace RelicSecurity.Bench.Sites;

/// <param name="BenchCpuMsPerCall">CPU of the bench process (client and service together) per call.</param>
/// <param name="PostgresCpuMsPerCall">CPU of the PostgreSQL server and its backends per call.</param>
public sealed record LatencyResult(string Name, int Calls, int Failures, double P50Ms, double P99Ms, double CallsPerSecond,
    double BenchCpuMsPerCall = 0, double PostgresCpuMsPerCall = 0);
