namespace RelicSecurity.ServiceDefaults.Failures;

/// <summary>
/// What kind of rule a request broke, independent of the transport. The gRPC layer turns each kind
/// into the status API.md names for it (see <see cref="Grpc.DomainStatusInterceptor"/>).
/// </summary>
public enum FailureKind
{
    /// <summary>A field is missing or malformed: INVALID_ARGUMENT.</summary>
    InvalidArgument,

    /// <summary>The record does not exist, or the caller may not know that it does: NOT_FOUND.</summary>
    NotFound,

    /// <summary>An optimistic-concurrency check failed (stale version): ABORTED, re-read and retry.</summary>
    Conflict,

    /// <summary>The record is not in a state that allows the operation (illegal stage move): FAILED_PRECONDITION.</summary>
    FailedPrecondition,

    /// <summary>The caller is known but may not do this: PERMISSION_DENIED.</summary>
    PermissionDenied,

    /// <summary>A service this call depends on cannot be reached: UNAVAILABLE, safe to retry.</summary>
    Unavailable,
}
