namespace RelicSecurity.Inspections.Domain;

/// <summary>
/// The inspection lifecycle: PLANNED → IN_PROGRESS → COMPLETED, and CANCELLED from either state before
/// completion. COMPLETED and CANCELLED are final. Findings are recorded only while IN_PROGRESS, and only
/// for the sites the inspection covers.
/// </summary>
public static class InspectionStateMachine
{
    /// <summary>The state <paramref name="move"/> leads to from <paramref name="from"/>, or null when it is not allowed.</summary>
    public static InspectionState? Target(InspectionState from, InspectionMove move) => (from, move) switch
    {
        (InspectionState.Planned, InspectionMove.Start) => InspectionState.InProgress,
        (InspectionState.InProgress, InspectionMove.Complete) => InspectionState.Completed,
        (InspectionState.Planned or InspectionState.InProgress, InspectionMove.Cancel) => InspectionState.Cancelled,
        _ => null,
    };

    /// <summary>The state after <paramref name="move"/>; an illegal move is an <see cref="IllegalTransitionException"/>.</summary>
    public static InspectionState Apply(Inspection inspection, InspectionMove move)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        return Target(inspection.State, move) ?? throw new IllegalTransitionException(
            $"inspection \"{inspection.InspectionId}\" is {ApiNames.Of(inspection.State)}: it cannot {Verb(move)} " +
            $"(allowed: {Allowed(inspection.State)})");
    }

    /// <summary>
    /// A finding may be recorded only while the inspection is IN_PROGRESS (FAILED_PRECONDITION otherwise)
    /// and only for a site it covers (INVALID_ARGUMENT naming site_id otherwise: the request is wrong, not the state).
    /// </summary>
    public static void EnsureAcceptsFinding(Inspection inspection, Guid siteId)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (inspection.State != InspectionState.InProgress)
        {
            throw new IllegalTransitionException(
                $"inspection \"{inspection.InspectionId}\" is {ApiNames.Of(inspection.State)}: findings are recorded only while it is IN_PROGRESS");
        }

        if (!inspection.Covers(siteId))
        {
            throw new ServiceDefaults.Failures.RequestValidationException(
                [$"site_id: site \"{siteId}\" is not in the scope of inspection \"{inspection.InspectionId}\""]);
        }
    }

    private static string Verb(InspectionMove move) => move switch
    {
        InspectionMove.Start => "start (only a PLANNED inspection starts)",
        InspectionMove.Complete => "complete (only an IN_PROGRESS inspection completes)",
        _ => "be cancelled (only before completion)",
    };

    private static string Allowed(InspectionState state)
    {
        var moves = Enum.GetValues<InspectionMove>().Where(m => Target(state, m) is not null).Select(m => m.ToString()).ToList();
        return moves.Count == 0 ? "none, it is final" : string.Join(", ", moves);
    }
}
