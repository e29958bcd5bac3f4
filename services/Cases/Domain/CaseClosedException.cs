using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Cases.Domain;

/// <summary>A relic cannot be added to a CLOSED or DROPPED case (FAILED_PRECONDITION).</summary>
public sealed class CaseClosedException(string caseId, CaseStage stage)
    : DomainException(FailureKind.FailedPrecondition, $"case \"{caseId}\" is {EnumNames.Of(stage)}: no relics can be registered in it");
