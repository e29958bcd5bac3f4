namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>
/// A case as the status sees it. Open until CLOSED or DROPPED; counted in its lead and every participating province
/// (and once nationally); supervised_cases counts open cases listed for supervision (PROVINCIAL or NATIONAL);
/// cases_closed counts CLOSED cases by the year they closed.
/// </summary>
public sealed record CaseRecord(long Version, string Type, string Stage, string[] Provinces, string Supervision, int? ClosedYear)
    : IProjectedRecord
{
    public bool IsOpen => Stage is not ("CLOSED" or "DROPPED");

    /// <summary>
    /// The newer version wins. The year a case closed is only in the event that closed it, and a newer event of the
    /// closed case (a supervision change) may have come first, so a known year is kept from either side.
    /// </summary>
    public static CaseRecord Merge(CaseRecord? current, CaseRecord reported)
    {
        ArgumentNullException.ThrowIfNull(reported);
        if (current is null)
        {
            return reported;
        }

        var (winner, other) = reported.Version > current.Version ? (reported, current) : (current, reported);
        return winner with { ClosedYear = winner.ClosedYear ?? other.ClosedYear };
    }

    public IEnumerable<Contribution> Counts()
    {
        foreach (var province in StatusFields.AndNational(Provinces))
        {
            if (IsOpen)
            {
                yield return new(province, StatusFields.OpenCases);
                yield return new(province, StatusFields.OpenCasesByTypePrefix + Type);
                if (Supervision is not ("NONE" or ""))
                {
                    yield return new(province, StatusFields.SupervisedCases);
                }
            }
            else if (Stage == "CLOSED" && ClosedYear is { } year)
            {
                yield return new(province, StatusFields.CasesClosedIn(year));
            }
        }
    }
}
