using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Inspections.Domain;

/// <summary>A record is not in a state that allows the move (answered as FAILED_PRECONDITION).</summary>
public sealed class IllegalTransitionException(string message) : DomainException(FailureKind.FailedPrecondition, message);
