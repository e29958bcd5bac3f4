using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Sites.Domain;

/// <summary>An update named a version that is no longer current (answered as ABORTED).</summary>
public sealed class VersionConflictException(string siteId, long expectedVersion, long currentVersion)
    : DomainException(FailureKind.Conflict, $"site \"{siteId}\" is at version {currentVersion}, not expected_version {expectedVersion}: re-read it and retry")
{
    public long CurrentVersion { get; } = currentVersion;

    public string SiteId { get; } = siteId;

    public long ExpectedVersion { get; } = expectedVersion;
}
