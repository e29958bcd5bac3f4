namespace RelicSecurity.Cases.Domain;

/// <summary>Seized relics are handed over within one year after the judgment takes effect.</summary>
public static class HandoverDeadline
{
    public static DateTimeOffset After(DateTimeOffset judgmentEffectiveAt) => judgmentEffectiveAt.AddYears(1);

    /// <summary>Overdue: past the deadline and not handed over yet.</summary>
    public static bool IsOverdue(DateTimeOffset? dueAt, RelicStatus status, DateTimeOffset now) =>
        dueAt is { } due && due < now && status != RelicStatus.HandedOver;
}
