using System.Diagnostics;

namespace RelicSecurity.Bench.Cases;

/// <summary>Runs one kind of call from N concurrent callers, a number of calls each, and reports latency percentiles.</summary>
public static class LatencyRecorder
{
    public static async Task<LatencyResult> RunAsync(string name, int callers, int callsPerCaller, Func<Random, int, Task> call)
    {
        var samples = new double[callers * callsPerCaller];
        var failures = 0;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller * 7919 + name.Length);
            for (var i = 0; i < callsPerCaller; i++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(random, caller * callsPerCaller + i);
                }
                catch (Grpc.Core.RpcException)
                {
                    Interlocked.Increment(ref failures);
                }

                samples[caller * callsPerCaller + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        wall.Stop();
        Array.Sort(samples);
        return new LatencyResult(name, samples.Length, failures, Percentile(samples, 0.50), Percentile(samples, 0.99),
            samples.Length / wall.Elapsed.TotalSeconds);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

public sealed record LatencyResult(string Name, int Calls, int Failures, double P50Ms, double P99Ms, double CallsPerSecond);
