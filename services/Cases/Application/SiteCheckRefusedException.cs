using Grpc.Core;
using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Cases.Application;

/// <summary>Sites refused the caller's token when checking site_ids (the caller needs sites.read too): PERMISSION_DENIED.</summary>
public sealed class SiteCheckRefusedException(RpcException innerException)
    : DomainException(FailureKind.PermissionDenied, $"the Sites service refused to check site_ids for this caller: {innerException?.Status.Detail}", innerException!);
