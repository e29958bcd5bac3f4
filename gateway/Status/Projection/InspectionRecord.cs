namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>
/// An inspection: inspections_planned counts those PLANNED or IN_PROGRESS (planned and not yet done),
/// inspections_completed those COMPLETED. The newer version wins.
/// </summary>
public sealed record InspectionRecord(long Version, string Province, string State) : IProjectedRecord
{
    public static InspectionRecord Merge(InspectionRecord? current, InspectionRecord reported) =>
        current is null || reported.Version > current.Version ? reported : current;

    public IEnumerable<Contribution> Counts()
    {
        var field = State switch
        {
            "PLANNED" or "IN_PROGRESS" => StatusFields.InspectionsPlanned,
            "COMPLETED" => StatusFields.InspectionsCompleted,
            _ => null,
        };
        return field is null ? [] : StatusFields.AndNational([Province]).Select(p => new Contribution(p, field));
    }
}
