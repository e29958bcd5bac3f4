using System.Globalization;

namespace RelicSecurity.Bench.Events;

/// <summary>Prints the runs side by side with the targets.</summary>
public static class ResultTable
{
    static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public static void Print(IReadOnlyList<RunResult> results, string servers, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine($"Event backbone, outbox → RabbitMQ (confirms, quorum queue) → idempotent consumer");
        output.WriteLine($"{servers}; {Environment.ProcessorCount} cores; one process hosts writers, relay and consumer");
        output.WriteLine($"{"run",-40} {"offered",8} {"events",7} {"commits/s",10} {"events/s",9} {"p50 lag",9} {"p99 lag",9} {"max lag",9} {"lost",5}");
        output.WriteLine(new string('-', 112));
        foreach (var r in results)
        {
            output.WriteLine(string.Create(c,
                $"{r.Name,-40} {r.Offered,8} {r.Events,7} {r.CommitsPerSecond,10:0} {r.EventsPerSecond,9:0} {Ms(r.P50Ms),10} {Ms(r.P99Ms),9} {Ms(r.MaxMs),9} {r.Missing,5}"));
        }

        output.WriteLine(new string('-', 112));
        var best = results.Max(r => r.EventsPerSecond);
        var steady500 = results.FirstOrDefault(r => r.Offered == "500/s");
        output.WriteLine(string.Create(c, $"target: ≥ 2,000 events/s sustained        measured: {best:0} events/s  {(best >= 2000 ? "met" : "NOT met")}"));
        if (steady500 is not null)
        {
            output.WriteLine(string.Create(c,
                $"target: p99 lag ≤ 1,000 ms at 500 events/s measured: {steady500.P99Ms:0} ms  {(steady500.P99Ms <= 1000 ? "met" : "NOT met")}"));
        }
    }
}
