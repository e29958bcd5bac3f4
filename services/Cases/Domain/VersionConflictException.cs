using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Cases.Domain;

/// <summary>An update named a version that is no longer current (answered as ABORTED).</summary>
public sealed class VersionConflictException(string kind, string id, long expectedVersion, long currentVersion)
    : DomainException(FailureKind.Conflict, $"{kind} \"{id}\" is at version {currentVersion}, not expected_version {expectedVersion}: re-read it and retry")
{
    public long CurrentVersion { get; } = currentVersion;
}
