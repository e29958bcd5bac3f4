using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Inspections.Sites;

/// <summary>The Sites service refused the caller's token for the site check (PERMISSION_DENIED: the caller needs sites.read).</summary>
public sealed class SitesDeniedException(string detail, Exception innerException)
    : DomainException(FailureKind.PermissionDenied, $"the sites service refused to show the sites to this caller: {detail}", innerException);
