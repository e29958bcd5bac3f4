namespace RelicSecurity.Cases.Domain;

/// <summary>
/// The legal moves of a case: forward exactly one stage (REPORTED → FILED → … → JUDGMENT_EFFECTIVE → CLOSED),
/// or to DROPPED from any stage before JUDGMENT_EFFECTIVE. CLOSED and DROPPED are final. Anything else —
/// skipping a stage, going back, staying put — is refused, because each stage is a procedural act that
/// cannot be assumed to have happened.
/// </summary>
public static class StageMachine
{
    public static bool IsFinal(CaseStage stage) => stage is CaseStage.Closed or CaseStage.Dropped;

    /// <summary>Open for the risk rule and the status view: not yet CLOSED or DROPPED.</summary>
    public static bool IsOpen(CaseStage stage) => !IsFinal(stage);

    public static bool CanMove(CaseStage from, CaseStage to)
    {
        if (to == CaseStage.Dropped)
        {
            return from < CaseStage.JudgmentEffective;
        }

        return !IsFinal(from) && (short)to == (short)from + 1;
    }

    /// <summary>Throws <see cref="IllegalStageMoveException"/> (FAILED_PRECONDITION) unless the move is legal.</summary>
    public static void EnsureCanMove(string caseId, CaseStage from, CaseStage to)
    {
        if (!CanMove(from, to))
        {
            throw new IllegalStageMoveException(caseId, from, to);
        }
    }

    /// <summary>The stage a case may move forward to next, or null when it is final.</summary>
    public static CaseStage? Next(CaseStage stage) => IsFinal(stage) ? null : (CaseStage)((short)stage + 1);
}
