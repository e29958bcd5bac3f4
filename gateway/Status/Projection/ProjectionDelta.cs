namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>How the status moves when one record goes from one state to another: counter differences and due-date membership changes.</summary>
public sealed record ProjectionDelta(IReadOnlyList<Contribution> Counters, IReadOnlyList<HandoverDue> DueRemoved, IReadOnlyList<HandoverDue> DueAdded)
{
    public bool IsEmpty => Counters.Count == 0 && DueRemoved.Count == 0 && DueAdded.Count == 0;

    /// <summary>Every province whose status this delta changes (the national totals included).</summary>
    public IReadOnlyList<string> Provinces =>
        [.. Counters.Select(c => c.Province).Concat(DueRemoved.Select(d => d.Province)).Concat(DueAdded.Select(d => d.Province)).Distinct(StringComparer.Ordinal)];

    public static ProjectionDelta Between(IProjectedRecord? before, IProjectedRecord after, string recordId)
    {
        ArgumentNullException.ThrowIfNull(after);
        var sums = new Dictionary<(string Province, string Field), long>();
        foreach (var c in before?.Counts() ?? [])
        {
            sums[(c.Province, c.Field)] = sums.GetValueOrDefault((c.Province, c.Field)) - c.Amount;
        }

        foreach (var c in after.Counts())
        {
            sums[(c.Province, c.Field)] = sums.GetValueOrDefault((c.Province, c.Field)) + c.Amount;
        }

        var dueBefore = (before?.HandoversDue(recordId) ?? []).ToHashSet();
        var dueAfter = after.HandoversDue(recordId).ToHashSet();
        return new ProjectionDelta(
            [.. sums.Where(s => s.Value != 0).Select(s => new Contribution(s.Key.Province, s.Key.Field, s.Value))],
            [.. dueBefore.Except(dueAfter)],
            [.. dueAfter.Except(dueBefore)]);
    }
}
