using System.Collections.Frozen;

namespace RelicSecurity.Cases.Domain;

/// <summary>
/// The legal order of a relic's custody events, as a table from its current status to the kinds that may come
/// next (services/Cases/README.md states the same table). Each kind sets the matching status; HANDED_OVER is final.
/// A sought relic must be recovered first (seized at home or returned from abroad); a recovered relic is appraised
/// and/or kept temporarily; only an appraised or kept relic is handed over, and a relic is never seized twice.
/// </summary>
public static class CustodyOrder
{
    private static readonly FrozenDictionary<RelicStatus, CustodyKind[]> Allowed = new Dictionary<RelicStatus, CustodyKind[]>
    {
        [RelicStatus.Stolen] = [CustodyKind.Seized, CustodyKind.ReturnedFromAbroad],
        [RelicStatus.Seized] = [CustodyKind.Appraised, CustodyKind.TemporaryCustody],
        [RelicStatus.ReturnedFromAbroad] = [CustodyKind.Appraised, CustodyKind.TemporaryCustody, CustodyKind.HandedOver],
        [RelicStatus.Appraised] = [CustodyKind.TemporaryCustody, CustodyKind.HandedOver],
        // A kept relic may move to another temporary holder, be appraised there, or be handed over.
        [RelicStatus.InTemporaryCustody] = [CustodyKind.Appraised, CustodyKind.TemporaryCustody, CustodyKind.HandedOver],
        [RelicStatus.HandedOver] = [],
    }.ToFrozenDictionary();

    /// <summary>The statuses a relic may be registered with: sought, already seized, or returned from abroad.</summary>
    public static IReadOnlyList<RelicStatus> InitialStatuses { get; } = [RelicStatus.Stolen, RelicStatus.Seized, RelicStatus.ReturnedFromAbroad];

    public static IReadOnlyList<CustodyKind> AllowedAfter(RelicStatus status) => Allowed[status];

    public static bool CanRecord(RelicStatus current, CustodyKind kind) => Allowed[current].Contains(kind);

    public static RelicStatus StatusAfter(CustodyKind kind) => kind switch
    {
        CustodyKind.Seized => RelicStatus.Seized,
        CustodyKind.Appraised => RelicStatus.Appraised,
        CustodyKind.TemporaryCustody => RelicStatus.InTemporaryCustody,
        CustodyKind.HandedOver => RelicStatus.HandedOver,
        CustodyKind.ReturnedFromAbroad => RelicStatus.ReturnedFromAbroad,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown custody kind"),
    };

    /// <summary>Throws <see cref="IllegalCustodyEventException"/> (FAILED_PRECONDITION) unless the event may follow.</summary>
    public static RelicStatus Apply(string relicId, RelicStatus current, CustodyKind kind) =>
        CanRecord(current, kind) ? StatusAfter(kind) : throw new IllegalCustodyEventException(relicId, current, kind);
}
