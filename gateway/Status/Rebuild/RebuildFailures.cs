using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Gateway.Status.Rebuild;

/// <summary>Another rebuild holds the lease: FAILED_PRECONDITION.</summary>
public sealed class RebuildRunningException(string generation)
    : DomainException(FailureKind.FailedPrecondition, $"a status rebuild is already running (generation {generation}); wait for it to finish");

/// <summary>The gateway does not know where a service is, so it cannot read it: FAILED_PRECONDITION.</summary>
public sealed class RebuildSourceMissingException(string service)
    : DomainException(FailureKind.FailedPrecondition, $"the gateway has no address for the {service} service (ReverseProxy:Clusters:{service}), so it cannot rebuild from it");

/// <summary>Bulk imports arrived during every site pass: ABORTED, nothing was swapped.</summary>
public sealed class RebuildOutpacedException(int passes)
    : DomainException(FailureKind.Conflict, $"bulk site imports arrived during each of {passes} site passes; nothing was swapped, run the rebuild again when the imports are done");

/// <summary>A service or the status store did not answer: UNAVAILABLE, nothing was swapped.</summary>
public sealed class RebuildSourceUnavailableException(string what, Exception inner)
    : DomainException(FailureKind.Unavailable, $"the rebuild could not read {what}: {inner?.Message}; nothing was swapped, safe to retry", inner!);
