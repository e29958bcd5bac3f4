using System.Diagnostics;
using Grpc.Core;

namespace RelicSecurity.Bench.Gateway;

/// <summary>
/// <paramref name="concurrency"/> callers, each making its share of <paramref name="calls"/> calls back to back
/// (caller i uses client i mod clients.Count, so the calls spread over a few HTTP/2 connections).
/// </summary>
public static class UnaryLoad
{
    public static async Task<LoadResult> RunAsync<TClient>(IReadOnlyList<TClient> clients, int concurrency, int calls,
        Func<TClient, Task> call)
    {
        var samples = new double[calls];
        var next = -1;
        var failures = 0;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            var client = clients[caller % clients.Count];
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(client);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failures);
                }

                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        wall.Stop();
        return new LoadResult(samples, failures, wall.Elapsed);
    }
}

/// <summary>Latencies of one run (ms, one per call), its failed calls and how long it took.</summary>
public sealed record LoadResult(double[] Samples, int Failures, TimeSpan Elapsed)
{
    /// <summary>Several rounds as one: all their calls over all their time.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        return new LoadResult([.. rounds.SelectMany(r => r.Samples)], rounds.Sum(r => r.Failures),
            TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)));
    }

    public double CallsPerSecond => Samples.Length / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        var sorted = Samples.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
