using Grpc.Core;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Inspections.Validation;
using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Inspections.Sites;

/// <summary>
/// Checks site references against the Sites service over gRPC: every site must exist and lie in the
/// inspection's province. One BatchGetSites call with a deadline; the caller's token travels with it
/// (the suite client forwards it), so Sites applies the caller's own reach.
/// </summary>
public sealed class SiteDirectory(SiteService.SiteServiceClient client, TimeProvider time)
{
    /// <summary>How long a plan waits for Sites before answering UNAVAILABLE.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    public async Task EnsureInProvinceAsync(IReadOnlyList<Guid> siteIds, string provinceCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(siteIds);
        var request = new BatchGetSitesRequest();
        request.SiteIds.AddRange(siteIds.Select(id => id.ToString()));
        BatchGetSitesResponse response;
        try
        {
            response = await client.BatchGetSitesAsync(request, deadline: time.GetUtcNow().UtcDateTime + CallTimeout, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown)
        {
            throw new SitesUnavailableException(ex.Status.Detail is { Length: > 0 } detail ? detail : ex.StatusCode.ToString(), ex);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
        {
            throw new SitesDeniedException(ex.Status.Detail, ex);
        }

        var found = response.Sites.ToDictionary(s => s.SiteId, StringComparer.OrdinalIgnoreCase);
        var errors = new FieldErrors();
        for (var i = 0; i < siteIds.Count; i++)
        {
            var id = siteIds[i].ToString();
            if (!found.TryGetValue(id, out var site))
            {
                errors.Add($"site_ids[{i}]", $"site \"{id}\" does not exist");
            }
            else if (!string.Equals(site.ProvinceCode, provinceCode, StringComparison.Ordinal))
            {
                errors.Add($"site_ids[{i}]", $"site \"{id}\" lies in province {site.ProvinceCode}, not in the inspection's province {provinceCode}");
            }
        }

        errors.ThrowIfAny();
    }
}
