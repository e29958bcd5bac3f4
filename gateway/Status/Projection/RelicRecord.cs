namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>
/// A relic as the status sees it. Recovered once it has been SEIZED or RETURNED_FROM_ABROAD (a fact that stays);
/// its handover is overdue from HandoverDueAt until it is HANDED_OVER (final). The status follows the newest relic
/// event; the due date may also come from its case reaching JUDGMENT_EFFECTIVE. It counts in every province of its
/// case, and a case's provinces only grow (JoinCase), so provinces merge as a union: from the relic's own events and
/// from its case's joins (<see cref="InCaseProvinces"/>), in any order.
/// </summary>
public sealed record RelicRecord(long Version, string[] Provinces, string Status, bool Recovered, DateTimeOffset? HandoverDueAt, bool HandedOver)
    : IProjectedRecord
{
    public static bool IsRecoveredStatus(string status) => status is "SEIZED" or "RETURNED_FROM_ABROAD";

    /// <summary>What a case's judgment says about one of its relics: only the due date, no version of the relic.</summary>
    public static RelicRecord DueFromJudgment(DateTimeOffset dueAt) => new(0, [], "", false, dueAt, false);

    /// <summary>What a join of its case says about a relic: only more provinces, no version of the relic.</summary>
    public static RelicRecord InCaseProvinces(IEnumerable<string> provinces) => new(0, [.. provinces], "", false, null, false);

    public static RelicRecord Merge(RelicRecord? current, RelicRecord reported)
    {
        ArgumentNullException.ThrowIfNull(reported);
        if (current is null)
        {
            return reported with { Provinces = Union(reported.Provinces, []) };
        }

        var newer = reported.Version > current.Version ? reported : current;
        return newer with
        {
            Provinces = Union(current.Provinces, reported.Provinces),
            Recovered = current.Recovered || reported.Recovered,
            HandedOver = current.HandedOver || reported.HandedOver,
            HandoverDueAt = current.HandoverDueAt ?? reported.HandoverDueAt,
        };
    }

    /// <summary>Sorted and distinct, so equal states serialize equally (a repeat writes nothing).</summary>
    private static string[] Union(string[] a, string[] b) =>
        [.. a.Concat(b).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public IEnumerable<Contribution> Counts() =>
        Recovered ? StatusFields.AndNational(Provinces).Select(p => new Contribution(p, StatusFields.RelicsRecovered)) : [];

    /// <summary>Nothing until its provinces are known (a judgment may arrive before the relic's own events).</summary>
    public IEnumerable<HandoverDue> HandoversDue(string recordId) =>
        HandoverDueAt is { } due && !HandedOver && Provinces.Length > 0
            ? StatusFields.AndNational(Provinces).Select(p => new HandoverDue(p, recordId, due))
            : [];
}
