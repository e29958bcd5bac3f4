namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>A rectification order: counted as overdue while its newest known state is OVERDUE.</summary>
public sealed record OrderRecord(long Version, string Province, bool Overdue) : IProjectedRecord
{
    public static OrderRecord Merge(OrderRecord? current, OrderRecord reported) =>
        current is null || reported.Version > current.Version ? reported : current;

    public IEnumerable<Contribution> Counts() =>
        Overdue ? StatusFields.AndNational([Province]).Select(p => new Contribution(p, StatusFields.OverdueRectifications)) : [];
}
