namespace RelicSecurity.Bench.Status;

/// <summary>
/// Commit-to-status delays from two timelines: when each write's call returned (its commit), and what
/// GetNationalStatus showed at each poll. The j-th commit counts as visible at the first poll showing at least j
/// more sites than before the run (visibility by count: events of different sites may overtake each other, so this
/// attributes the j-th effect to the j-th commit, which is what a reader of the status experiences).
/// </summary>
public static class VisibilityDelays
{
    public static IReadOnlyList<TimeSpan> Of(IReadOnlyList<TimeSpan> commits, IReadOnlyList<(TimeSpan At, int Count)> polls, int baseline)
    {
        ArgumentNullException.ThrowIfNull(commits);
        ArgumentNullException.ThrowIfNull(polls);
        var ordered = commits.Order().ToList();
        var delays = new List<TimeSpan>(ordered.Count);
        var poll = 0;
        for (var j = 0; j < ordered.Count; j++)
        {
            while (poll < polls.Count && polls[poll].Count - baseline < j + 1)
            {
                poll++;
            }

            if (poll == polls.Count)
            {
                break;
            }

            // A poll can start before the commit it shows returned to its caller: never negative.
            delays.Add(polls[poll].At > ordered[j] ? polls[poll].At - ordered[j] : TimeSpan.Zero);
        }

        return delays;
    }

    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
