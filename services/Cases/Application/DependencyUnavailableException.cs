using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Cases.Application;

/// <summary>A service this call depends on did not answer (UNAVAILABLE: safe to retry).</summary>
public sealed class DependencyUnavailableException(string message, Exception innerException)
    : DomainException(FailureKind.Unavailable, message, innerException);
