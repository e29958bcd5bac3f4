using System.Diagnostics;

namespace RelicSecurity.Bench.Events;

/// <summary>Commit and effect timestamps of one run, indexed by event number.</summary>
public sealed class LagRecorder
{
    long[] committed = [];
    long[] applied = [];
    int run = -1;
    int appliedCount;
    TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Run => Volatile.Read(ref run);

    public Task AllApplied => done.Task;

    public void Start(int runNumber, int events)
    {
        committed = new long[events];
        applied = new long[events];
        appliedCount = 0;
        done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref run, runNumber);
    }

    public void Committed(int number) => committed[number] = Stopwatch.GetTimestamp();

    public void Applied(int runNumber, int number)
    {
        if (runNumber != Run)
        {
            return;
        }

        // The inbox guarantees one effect per event; the exchange guards the count against any surprise.
        if (Interlocked.CompareExchange(ref applied[number], Stopwatch.GetTimestamp(), 0) == 0
            && Interlocked.Increment(ref appliedCount) == applied.Length)
        {
            done.TrySetResult();
        }
    }

    public int AppliedCount => Volatile.Read(ref appliedCount);

    /// <summary>Events/s from the first commit (or <paramref name="measuredFrom"/>) to the last effect; lags only for live runs.</summary>
    public RunResult Summarize(string name, string offered, TimeSpan writeDuration, long? measuredFrom = null)
    {
        var firstCommit = measuredFrom ?? committed.Where(t => t > 0).DefaultIfEmpty().Min();
        var lastEffect = applied.Max();
        var lags = measuredFrom is not null ? [] : committed.Zip(applied, (c, a) => c > 0 && a > 0 ? Stopwatch.GetElapsedTime(c, a).TotalMilliseconds : double.NaN)
            .Where(l => !double.IsNaN(l)).Order().ToArray();
        var span = Stopwatch.GetElapsedTime(firstCommit, lastEffect);
        return new RunResult(name, offered, committed.Length, committed.Length / writeDuration.TotalSeconds,
            AppliedCount / span.TotalSeconds, Percentile(lags, 0.50), Percentile(lags, 0.99), lags.Length > 0 ? lags[^1] : double.NaN,
            committed.Length - AppliedCount);
    }

    static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
