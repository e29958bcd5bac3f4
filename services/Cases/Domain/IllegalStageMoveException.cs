using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Cases.Domain;

/// <summary>A stage move the stage machine does not allow (answered as FAILED_PRECONDITION).</summary>
public sealed class IllegalStageMoveException(string caseId, CaseStage from, CaseStage to)
    : DomainException(FailureKind.FailedPrecondition, Describe(caseId, from, to))
{
    public CaseStage From { get; } = from;

    public CaseStage To { get; } = to;

    private static string Describe(string caseId, CaseStage from, CaseStage to)
    {
        var next = StageMachine.Next(from);
        var allowed = StageMachine.IsFinal(from)
            ? "it is final"
            : from < CaseStage.JudgmentEffective
                ? $"it may move to {EnumNames.Of(next!.Value)} or DROPPED"
                : $"it may only move to {EnumNames.Of(next!.Value)}";
        return $"case \"{caseId}\" is {EnumNames.Of(from)} and cannot move to {EnumNames.Of(to)}: {allowed}";
    }
}
