using System.Diagnostics;
using System.Globalization;
using RelicSecurity.Cases.Matching;

namespace RelicSecurity.Bench.Cases;

/// <summary>
/// MatchRelic's first stage alone (<see cref="SoughtRelicSearch"/> over an in-memory <see cref="SoughtRelicIndex"/> of the
/// generated relics, no servers), one search at a time, for several settings side by side: time and allocation per search
/// and how often the described relic is among the candidates handed to PostgreSQL (what the final stage can rank first at
/// all). On one thread, timed per search, the median says what a setting costs even on a busy machine.
/// </summary>
public static class SearchStageBench
{
    private static readonly (int PostingBudget, int Shortlist)[] Settings = [(150_000, 1_000), (150_000, 500), (100_000, 500), (80_000, 500)];

    public static void Run(int relicCount, int searches)
    {
        var build = Stopwatch.StartNew();
        using var index = new SoughtRelicIndex();
        var generator = new RelicGenerator();
        var caseId = Guid.CreateVersion7();
        const int Batch = 10_000;
        for (var start = 0; start < relicCount; start += Batch)
        {
            var relics = new List<SoughtRelicState>(Batch);
            for (var i = start; i < Math.Min(relicCount, start + Batch); i++)
            {
                relics.Add(new SoughtRelicState(IdOf(i), caseId, Sought: true, MatchColumns.Of(RelicGenerator.Description(generator.Relic(i)), CjkMode.Bigram)));
            }

            index.Apply(relics, start == 0 ? [new CaseProvinces(caseId, ["610000"])] : []);
        }

        Console.WriteLine($"search stage: {relicCount:N0} generated relics indexed in {build.Elapsed.TotalSeconds:F1} s; {searches:N0} searches per setting, one at a time");
        var random = new Random(2026);
        var asked = Enumerable.Range(0, searches).Select(_ =>
        {
            var target = random.Next(relicCount);
            var (text, type, period) = generator.Seized(target, random);
            var terms = MatchText.Terms(string.Join(" ", text, period), CjkMode.Bigram);
            return (Target: target, Query: new SoughtRelicQuery(terms, type.Length > 0 ? MatchText.TypeKey(type) : "", [],
                period.Length > 0 ? MatchText.PeriodKey(period) : ""));
        }).ToList();

        Console.WriteLine();
        Console.WriteLine("| posting budget | shortlist | per search p50 | p99 | allocated per search | described relic among the 40 handed on | among the first 20 | first on terms and boosts alone |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (budget, shortlist) in Settings)
        {
            var settings = new MatchSettings { PostingBudget = budget, ShortlistSize = shortlist };
            // Warm-up: tiered compilation and the pooled arrays.
            foreach (var (_, query) in asked.Take(200))
            {
                SoughtRelicSearch.Search(index, query, null, settings, settings.FinalCandidates);
            }

            var times = new double[asked.Count];
            int among = 0, amongTwenty = 0, first = 0;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < asked.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var found = SoughtRelicSearch.Search(index, asked[i].Query, null, settings, settings.FinalCandidates);
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var target = IdOf(asked[i].Target);
                var position = found.Select(candidate => candidate.RelicId).ToList().IndexOf(target);
                among += position >= 0 ? 1 : 0;
                amongTwenty += position is >= 0 and < 20 ? 1 : 0;
                first += found.Count > 0 && found[0].RelicId == target ? 1 : 0;
            }

            var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / asked.Count;
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {budget:N0} | {shortlist:N0} | {times[times.Length / 2]:F2} ms | {times[(int)(times.Length * 0.99)]:F2} ms | {allocated / 1024.0:N1} KB | {100.0 * among / asked.Count:F1} % | {100.0 * amongTwenty / asked.Count:F1} % | {100.0 * first / asked.Count:F1} % |"));
        }
    }

    private static Guid IdOf(int relic) => new(relic, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
