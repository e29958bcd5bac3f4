namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>A hidden hazard (finding): open until a rectification of it is verified as passed, which is final.</summary>
public sealed record HazardRecord(string Province, bool Closed) : IProjectedRecord
{
    public static HazardRecord Merge(HazardRecord? current, HazardRecord reported) =>
        current is null ? reported : current with { Closed = current.Closed || reported.Closed };

    public IEnumerable<Contribution> Counts() =>
        Closed ? [] : StatusFields.AndNational([Province]).Select(p => new Contribution(p, StatusFields.OpenHazards));
}
