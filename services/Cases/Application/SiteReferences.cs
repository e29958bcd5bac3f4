using Grpc.Core;
using RelicSecurity.Cases.Validation;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Cases.Application;

/// <summary>
/// Checks a case's site_ids against the Sites service (BatchGetSites, one call, with the suite client's deadline and
/// the caller's token passed on). Nothing is stored before this answers: Sites unreachable → UNAVAILABLE.
/// </summary>
public sealed class SiteReferences(SiteService.SiteServiceClient sites)
{
    public async Task CheckAsync(IReadOnlyList<string> siteIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(siteIds);
        if (siteIds.Count == 0)
        {
            return;
        }

        var request = new BatchGetSitesRequest();
        request.SiteIds.AddRange(siteIds);
        BatchGetSitesResponse response;
        try
        {
            response = await sites.BatchGetSitesAsync(request, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown)
        {
            throw new DependencyUnavailableException($"the Sites service could not check site_ids ({ex.StatusCode}); nothing was stored, retry later", ex);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
        {
            throw new SiteCheckRefusedException(ex);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            // Sites names malformed ids as site_ids[i], the same field name as ours.
            throw new RequestValidationException(ex.Status.Detail);
        }

        if (response.MissingSiteIds.Count > 0)
        {
            var errors = new FieldErrors();
            for (var i = 0; i < siteIds.Count; i++)
            {
                if (response.MissingSiteIds.Contains(siteIds[i]))
                {
                    errors.Add($"site_ids[{i}]", $"site \"{siteIds[i]}\" does not exist");
                }
            }

            errors.ThrowIfAny();
        }
    }
}
