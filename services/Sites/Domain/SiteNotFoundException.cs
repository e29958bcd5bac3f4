using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Sites.Domain;

/// <summary>No site has this id (answered as NOT_FOUND).</summary>
public sealed class SiteNotFoundException(string siteId)
    : DomainException(FailureKind.NotFound, $"site \"{siteId}\" does not exist")
{
    public string SiteId { get; } = siteId;
}
