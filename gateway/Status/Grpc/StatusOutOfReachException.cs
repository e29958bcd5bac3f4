using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Gateway.Status.Grpc;

/// <summary>A caller asked for a province's status (or the national totals) outside its reach: PERMISSION_DENIED.</summary>
public sealed class StatusOutOfReachException(string province, Caller caller)
    : DomainException(FailureKind.PermissionDenied,
        $"the status of \"{province}\" is outside the reach of this token (role {caller?.Role}, province {caller?.Province ?? "none"})");
