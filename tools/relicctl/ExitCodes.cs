using Grpc.Core;

namespace RelicSecurity.Cli;

/// <summary>
/// relicctl's exit codes, one per kind of outcome a script reacts to differently (documented in README.md).
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server failed unexpectedly (INTERNAL, UNKNOWN, DATA_LOSS, UNIMPLEMENTED) or relicctl itself did.</summary>
    public const int Failed = 1;

    /// <summary>The command line or an input file is wrong; nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>The server refused the request as invalid: INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION.</summary>
    public const int Refused = 3;

    /// <summary>NOT_FOUND: it does not exist, or lies outside the caller's reach.</summary>
    public const int NotFound = 4;

    /// <summary>ABORTED or ALREADY_EXISTS: someone changed or created it first; re-read and retry.</summary>
    public const int Conflict = 5;

    /// <summary>UNAUTHENTICATED or PERMISSION_DENIED: the token is missing, invalid, or not allowed this.</summary>
    public const int Denied = 6;

    /// <summary>UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, CANCELLED: try again later.</summary>
    public const int Unavailable = 7;

    /// <summary>A bulk command finished but some rows were rejected (each reported).</summary>
    public const int Partial = 8;

    public static int For(StatusCode status) => status switch
    {
        StatusCode.OK => Ok,
        StatusCode.InvalidArgument or StatusCode.OutOfRange or StatusCode.FailedPrecondition => Refused,
        StatusCode.NotFound => NotFound,
        StatusCode.Aborted or StatusCode.AlreadyExists => Conflict,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => Denied,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Cancelled => Unavailable,
        _ => Failed,
    };
}
