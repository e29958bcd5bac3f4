using RelicSecurity.Contracts.Sites.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Sites.Application;

namespace RelicSecurity.Sites.Grpc;

/// <summary>
/// relic.sites.v1.SiteService on Grpc.AspNetCore. Handlers only translate: the work is in
/// <see cref="SiteCatalog"/>, and domain failures become statuses in the suite's DomainStatusInterceptor.
/// Each method declares its scope; the catalog applies the caller's province to every site it touches.
/// </summary>
public sealed class SiteGrpcService(SiteCatalog catalog) : SiteService.SiteServiceBase
{
    [Authorize(Policy = SuitePolicies.SitesWrite)]
    public override Task<Site> RegisterSite(RegisterSiteRequest request, ServerCallContext context) =>
        catalog.RegisterAsync(request, context.Caller(), context.CancellationToken);

    [Authorize(Policy = SuitePolicies.SitesRead)]
    public override Task<Site> GetSite(GetSiteRequest request, ServerCallContext context) =>
        catalog.GetAsync(request, context.Caller(), context.CancellationToken);

    [Authorize(Policy = SuitePolicies.SitesWrite)]
    public override Task<Site> UpdateSite(UpdateSiteRequest request, ServerCallContext context) =>
        catalog.UpdateAsync(request, context.Caller(), context.CancellationToken);

    [Authorize(Policy = SuitePolicies.SitesRead)]
    public override Task<ListSitesResponse> ListSites(ListSitesRequest request, ServerCallContext context) =>
        catalog.ListAsync(request, context.Caller(), context.CancellationToken);

    [Authorize(Policy = SuitePolicies.SitesRead)]
    public override Task<ListSitesResponse> SearchSitesNearby(SearchSitesNearbyRequest request, ServerCallContext context) =>
        catalog.SearchNearbyAsync(request, context.Caller(), context.CancellationToken);

    [Authorize(Policy = SuitePolicies.SitesRead)]
    public override Task<BatchGetSitesResponse> BatchGetSites(BatchGetSitesRequest request, ServerCallContext context) =>
        catalog.BatchGetAsync(request, context.Caller(), context.CancellationToken);

    [Authorize(Policy = SuitePolicies.SitesWrite)]
    public override Task<ImportSitesSummary> ImportSites(IAsyncStreamReader<ImportSitesRequest> requestStream, ServerCallContext context) =>
        catalog.ImportAsync(requestStream.ReadAllAsync(context.CancellationToken), context.Caller(), context.CancellationToken);

    [Authorize(Policy = SuitePolicies.SitesRead)]
    public override async Task WatchSiteRisk(WatchSiteRiskRequest request, IServerStreamWriter<SiteRiskUpdate> responseStream, ServerCallContext context)
    {
        using var watch = catalog.Watch(request, context.Caller());

        // Headers go out at once so the caller (and the gateway) see the stream open before the first change.
        await context.WriteResponseHeadersAsync(new Metadata());
        try
        {
            await foreach (var update in watch.Updates.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(update, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client cancelled or went away: the normal end of a watch.
            return;
        }

        if (watch.Overflowed)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"this watcher fell more than {Risk.RiskWatch.Capacity} updates behind; open a new WatchSiteRisk stream"));
        }

        throw new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down; reconnect to keep watching"));
    }
}
