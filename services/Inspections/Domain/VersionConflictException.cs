using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Inspections.Domain;

/// <summary>An update named a version that is no longer current (answered as ABORTED).</summary>
public sealed class VersionConflictException(string kind, string id, long expectedVersion, long currentVersion)
    : DomainException(FailureKind.Conflict, $"{kind} \"{id}\" is at version {currentVersion}, not expected_version {expectedVersion}: re-read it and retry")
{
    public long CurrentVersion { get; } = currentVersion;

    public long ExpectedVersion { get; } = expectedVersion;

    /// <summary>Throws when the caller named a version (non-zero) that is not the current one.</summary>
    public static void ThrowIfStale(string kind, string id, long expectedVersion, long currentVersion)
    {
        if (expectedVersion != 0 && expectedVersion != currentVersion)
        {
            throw new VersionConflictException(kind, id, expectedVersion, currentVersion);
        }
    }
}
