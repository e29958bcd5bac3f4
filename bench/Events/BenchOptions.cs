using System.Globalization;

namespace RelicSecurity.Bench.Events;

/// <summary>Command-line options of the benchmark.</summary>
public sealed record BenchOptions(string? Postgres, string? EventBus, double Scale, string? Only)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var scale = Value("--scale") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 1.0;
        return new BenchOptions(Value("--postgres"), Value("--eventbus"), scale, Value("--only"));
    }

    /// <summary>The runs, in order: flat-out throughput first, then steady rates for lag.</summary>
    public IEnumerable<RunSpec> Runs() =>
        AllRuns().Where(run => Only is null || run.Name.Contains(Only, StringComparison.OrdinalIgnoreCase));

    IEnumerable<RunSpec> AllRuns()
    {
        int Events(int n) => Math.Max(100, (int)(n * Scale));
        yield return RunSpec.FlatOut("flat out, 8 writers × 1 event/commit", Events(20_000), writers: 8, perTransaction: 1);
        yield return RunSpec.FlatOut("flat out, 4 writers × 10 events/commit", Events(30_000), writers: 4, perTransaction: 10);
        yield return RunSpec.Backlog("backlog drain (relay restarted)", Events(30_000));
        yield return RunSpec.Paced("steady 500 events/s", Events(7_500), perSecond: 500);
        yield return RunSpec.Paced("steady 1,000 events/s", Events(10_000), perSecond: 1_000);
    }
}
