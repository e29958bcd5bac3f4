using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Inspections.Domain;

/// <summary>
/// A write names a province the caller may not act in (PERMISSION_DENIED). Reads of existing records outside
/// the caller's reach answer NOT_FOUND instead (<see cref="RecordNotFoundException"/>), so they reveal nothing.
/// </summary>
public sealed class OutsideReachException(string field, string province)
    : DomainException(FailureKind.PermissionDenied, $"{field} \"{province}\" is outside the provinces this token may act in");
