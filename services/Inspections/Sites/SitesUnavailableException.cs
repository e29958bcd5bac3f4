using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Inspections.Sites;

/// <summary>The Sites service could not confirm the sites in time (UNAVAILABLE: nothing was written, safe to retry).</summary>
public sealed class SitesUnavailableException(string reason, Exception innerException)
    : DomainException(FailureKind.Unavailable, $"the sites service could not check the sites ({reason}); retry later", innerException);
